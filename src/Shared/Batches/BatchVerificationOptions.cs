namespace TransferPipeline.Shared.Batches;

/// <summary>How a volume is verified.</summary>
public sealed record BatchVerificationOptions
{
    public BatchLimits Limits { get; init; } = BatchLimits.Default;

    /// <summary>
    /// The time expiry is judged against: the later of the clock and the newest time already seen, so
    /// a clock set back does not revive an expired batch.
    /// </summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Files hashed at once; one per core saturates SHA-NI on small machines.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Progress in bytes hashed.</summary>
    public IProgress<long>? Progress { get; init; }
}
