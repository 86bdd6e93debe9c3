using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Setup;

/// <summary>
/// Creates a high-side data directory: what every side has, plus quarantine, the mirrors to publish to and the OpenPGP key
/// that signs the apt mirror.
/// </summary>
internal static class InitService
{
    public static async Task<Outcome<MinisignPublicKey>> InitializeAsync(InitRequest request, TimeProvider clock, CancellationToken cancellationToken)
    {
        var data = HighSideHost.Data(request.DataDirectory);
        char[] password = [];
        try
        {
            if (!request.NoPassword && !File.Exists(data.ConfigFile))
            {
                password = KeyPasswordSource.ReadForNewKey(request.PasswordFile);
            }

            var sections = Sections(request);
            if (request.Database is { } database)
            {
                sections[DatabaseOptions.Section] = database.ToSection();
            }

            var created = await DataDirectorySetup.CreateAsync(data, request.SiteId, password, request.PasswordFile, sections,
                [data.Quarantine(), data.Incoming()], clock, key => new MinisignCheckpointSigner(() => key), cancellationToken);
            if (created.IsOk)
            {
                await SiteArchiveKey.EnsureGeneratedAsync(data, request.SiteId, clock.GetUtcNow(), cancellationToken);
            }

            return created;
        }
        finally
        {
            Array.Clear(password);
        }
    }

    private static JsonObject Sections(InitRequest request) => new()
    {
        ["Mirrors"] = new JsonObject
        {
            ["Registry"] = new JsonObject
            {
                ["Url"] = request.RegistryUrl,
                ["PlainHttp"] = request.RegistryUrl?.StartsWith("http://", StringComparison.Ordinal) ?? false,
            },
            ["Files"] = request.FilesDirectory is null ? null : Path.GetFullPath(request.FilesDirectory),
            ["Charts"] = request.ChartsDirectory is null ? null : Path.GetFullPath(request.ChartsDirectory),
            ["Debian"] = request.DebianDirectory is null ? null : Path.GetFullPath(request.DebianDirectory),
            ["PyPI"] = request.PyPIDirectory is null ? null : Path.GetFullPath(request.PyPIDirectory),
        },
        ["Policy"] = new JsonObject
        {
            ["AllowedKinds"] = new JsonArray(),
            ["AllowedSources"] = new JsonArray(),
            ["MaxBatchBytes"] = 64L * 1024 * 1024 * 1024,
        },
        ["Approval"] = new JsonObject { ["Required"] = 2, ["Validity"] = "3.00:00:00" },
        ["Import"] = new JsonObject
        {
            ["DropFolder"] = null,
            ["PollInterval"] = "00:00:10",
            ["MaxClockSkew"] = "1.00:00:00",
            ["KeepRefusedDays"] = 14,
            ["MaxQuarantineBytes"] = null,
        },
        ["Publish"] = new JsonObject { ["Schedule"] = "0 * * * * ?" },
    };
}
