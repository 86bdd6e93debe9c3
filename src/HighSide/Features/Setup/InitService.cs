using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Hosting;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Setup;

/// <summary>Creates a data directory: configuration, database, quarantine, logs and the high side's own key.</summary>
internal static class InitService
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<Outcome<MinisignPublicKey>> InitializeAsync(InitRequest request, TimeProvider clock, CancellationToken cancellationToken)
    {
        var data = new DataDirectory(request.DataDirectory);
        if (File.Exists(data.ConfigFile))
        {
            return new HighSideError("already-initialized", $"{data.ConfigFile} exists: this data directory is already initialised", ErrorKind.Conflict);
        }

        foreach (var directory in new[] { data.Root, data.Quarantine, data.Incoming, data.Keys, data.Logs })
        {
            Directory.CreateDirectory(directory);
        }

        char[] password = [];
        MinisignPublicKey publicKey;
        try
        {
            if (!request.NoPassword)
            {
                password = KeyPasswordSource.ReadForNewKey(request.PasswordFile);
            }

            publicKey = KeyPairFiles.WriteNew(data.SiteKeyPrefix, password);
        }
        finally
        {
            Array.Clear(password);
        }

        var database = new SqliteDatabase(data.Database);
        await new MigrationRunner(database, HighSideMigrations.All, clock).RunAsync(cancellationToken);
        await DurableFile.WriteAllBytesAsync(data.ConfigFile, JsonSerializer.SerializeToUtf8Bytes(Configuration(request), Indented),
            cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var audit = new AuditLog(database, data.AuditFile, clock);
        await audit.AppendAsync(Operator.Name, "highside.initialized", request.SiteId, new { keyId = publicKey.KeyIdHex }, cancellationToken);
        return publicKey;
    }

    private static JsonObject Configuration(InitRequest request) => new()
    {
        ["Site"] = new JsonObject
        {
            ["Id"] = request.SiteId,
            ["KeyFile"] = "keys/highside.key",
            ["KeyPasswordFile"] = request.PasswordFile is null ? null : Path.GetFullPath(request.PasswordFile),
        },
        ["Mirrors"] = new JsonObject
        {
            ["Registry"] = new JsonObject
            {
                ["Url"] = request.RegistryUrl,
                ["PlainHttp"] = request.RegistryUrl?.StartsWith("http://", StringComparison.Ordinal) ?? false,
            },
            ["Files"] = request.FilesDirectory is null ? null : Path.GetFullPath(request.FilesDirectory),
            ["Charts"] = request.ChartsDirectory is null ? null : Path.GetFullPath(request.ChartsDirectory),
        },
        ["Policy"] = new JsonObject { ["AllowedKinds"] = new JsonArray(), ["AllowedSources"] = new JsonArray(), ["MaxBatchBytes"] = 64L * 1024 * 1024 * 1024 },
        ["Approval"] = new JsonObject { ["Required"] = 2, ["Validity"] = "3.00:00:00" },
        ["Import"] = new JsonObject { ["DropFolder"] = null, ["PollInterval"] = "00:00:10" },
        ["Publish"] = new JsonObject { ["Schedule"] = "0 * * * * ?" },
        ["Http"] = new JsonObject { ["Urls"] = "http://127.0.0.1:8490" },
        ["Bus"] = new JsonObject { ["Transport"] = BusOptions.InMemory, ["Host"] = null },
    };
}
