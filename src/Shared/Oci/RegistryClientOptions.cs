namespace TransferPipeline.Shared.Oci;

/// <summary>Tuning and transport settings for <see cref="RegistryClient"/>.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>Default <see cref="ChunkSize"/>: 64 MiB.</summary>
    public const int DefaultChunkSize = 64 * 1024 * 1024;

    /// <summary>Manifests larger than this (4 MiB, the distribution spec's recommended limit) are refused.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Blobs at least this large are uploaded in PATCH chunks of this size; smaller ones in one PUT.</summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>Attempts per operation, first try included, for transient failures (5xx, 429, resets, timeouts).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for one retry delay, including a registry's Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A blob download that receives no byte for this long fails (and is retried).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Registries reached over plain <c>http://</c> instead of https. Only loopback hosts
    /// (localhost, 127.0.0.0/8, [::1]) are allowed here; credentials never cross a network in clear text.
    /// </summary>
    public HashSet<string> PlainHttpRegistries { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>User-Agent sent with every request.</summary>
    public string UserAgent { get; set; } = "TransferPipeline";
}
