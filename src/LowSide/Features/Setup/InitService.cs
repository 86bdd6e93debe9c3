using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Errors;
using TransferPipeline.LowSide.Hosting;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Setup;

/// <summary>Creates a data directory: configuration, database, content store, site key pair.</summary>
internal static class InitService
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<Outcome<MinisignPublicKey>> InitializeAsync(
        DataDirectory data, string siteId, ReadOnlyMemory<char> password, TimeProvider timeProvider, CancellationToken ct)
    {
        if (!BatchIdentifiers.IsSiteId(siteId))
        {
            return new LowSideError(LowSideError.ValidationFailed,
                $"site: '{siteId}' is not a site id (1-32 of a-z 0-9 -, not starting or ending with -)", "site");
        }

        if (File.Exists(data.ConfigFile) || File.Exists(data.SitePublicKeyFile))
        {
            return new LowSideError(LowSideError.Conflict, $"{data.Root} is already initialised; refusing to overwrite its configuration or key");
        }

        foreach (var directory in (string[])[data.Root, data.KeysDirectory, data.LogsDirectory, data.TrustDirectory])
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        _ = new ContentStore(data.StoreDirectory);
        var publicKey = KeyPairFiles.WriteNew(data.SiteKeyPrefix, password.Span, null);
        await new MigrationRunner(new SqliteDatabase(data.DatabaseFile), LowSideMigrations.All, timeProvider).RunAsync(ct);
        await DurableFile.WriteAllBytesAsync(data.ConfigFile, DefaultConfiguration(siteId), ct);
        return Outcome<MinisignPublicKey>.Success(publicKey);
    }

    // The configuration is written last: its presence is what marks the directory as initialised.
    private static byte[] DefaultConfiguration(string siteId)
    {
        var json = new JsonObject
        {
            ["Site"] = new JsonObject { ["Id"] = siteId, ["KeyFile"] = "keys/site.key", ["KeyPasswordFile"] = null },
            ["Sources"] = new JsonObject { ["Allowed"] = new JsonArray(), ["Registries"] = new JsonArray() },
            ["Gathering"] = new JsonObject { ["MaxAttempts"] = 5, ["RetryBaseDelay"] = "00:00:01" },
            ["Batches"] = new JsonObject
            {
                ["VolumeSize"] = "4.7GB",
                ["ChunkSize"] = "1GiB",
                ["Validity"] = "14.00:00:00",
                ["Schedule"] = null,
                ["MediaDirectory"] = null,
            },
            ["Http"] = new JsonObject { ["Urls"] = "http://127.0.0.1:8480" },
            ["Bus"] = new JsonObject { ["Transport"] = "InMemory" },
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, Indented);
    }
}
