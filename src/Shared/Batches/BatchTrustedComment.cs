using System.Globalization;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The trusted comment signed with every manifest. minisign does not interpret it, so the verifier
/// compares it with the one the manifest implies: a signature moved to another batch is caught.
/// </summary>
public static class BatchTrustedComment
{
    public static string For(BatchManifest manifest) => For(manifest.BatchId, manifest.SiteId, manifest.Sequence);

    public static string For(string batchId, string siteId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"transferpipeline-batch batch:{batchId} site:{siteId} sequence:{sequence}");
}
