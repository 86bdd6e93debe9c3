namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>Configuration section "Gathering": retries of transient failures and limits.</summary>
internal sealed class GatheringOptions
{
    public const string Section = "Gathering";

    /// <summary>Attempts per download, first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Blobs of one image downloaded at a time. Small layers cost round trips and two fsyncs each, not
    /// bandwidth: a few in flight overlap those waits.
    /// </summary>
    public int ParallelDownloads { get; set; } = 4;

    /// <summary>
    /// Carry what points at a gathered image or artifact (its cosign .sig, .att and .sbom tags, its referrers) with it;
    /// false carries only the verified signature of a registry that requires one.
    /// </summary>
    public bool Attachments { get; set; } = true;

    /// <summary>A chart repository's index.yaml larger than this is refused.</summary>
    public long MaxChartIndexBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// A downloaded file (a file request, a package) larger than this is refused, as soon as the server announces it or
    /// sends the byte past it: a server that never ends its answer would otherwise fill the store's disk.
    /// </summary>
    public long MaxDownloadBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>
    /// A download (a file, a package, an image's blob) that receives no byte for this long fails, and is retried: a server
    /// that stops sending, or a connection that died without a word, would otherwise hold a gather worker for ever.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
