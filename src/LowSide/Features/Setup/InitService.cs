using System.Text.Json.Nodes;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Setup;

/// <summary>Creates a low-side data directory: what every side has, plus the content store and the trust folder.</summary>
internal static class InitService
{
    /// <param name="data">The new data directory.</param>
    /// <param name="siteId">This site's id.</param>
    /// <param name="password">The new key's password; empty for an unencrypted key.</param>
    /// <param name="timeProvider">Stamps the first audit entry.</param>
    /// <param name="ct">Cancels the work.</param>
    /// <param name="database">Where the state goes; null for LOWSIDE__Database__ variables, else the SQLite file.</param>
    public static async Task<Outcome<MinisignPublicKey>> InitializeAsync(
        DataDirectory data, string siteId, ReadOnlyMemory<char> password, TimeProvider timeProvider, CancellationToken ct,
        DatabaseOptions? database = null)
    {
        var sections = Sections();
        if (database is not null)
        {
            sections[DatabaseOptions.Section] = database.ToSection();
        }

        // The low side signs no audit checkpoints: its trail is verified by its chain (and anchors) alone.
        var created = await DataDirectorySetup.CreateAsync(data, siteId, password, null, sections, [data.TrustDirectory(), data.ReceiptsDirectory()],
            timeProvider, checkpointSigner: null, ct);
        if (created.IsOk)
        {
            _ = new ContentStore(data.StoreDirectory());
        }

        return created;
    }

    private static JsonObject Sections() => new()
    {
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
    };
}
