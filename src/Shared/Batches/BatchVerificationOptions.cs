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

    /// <summary>
    /// Payload hashes the writer of this volume has just read back from it (low side only): those files
    /// are checked by comparing the signed manifest with these rather than by reading them again.
    /// </summary>
    public PayloadReadBack? ReadBack { get; init; }

    /// <summary>
    /// Where the manifest's files are kept and sorted while the volume is verified (temporary files without a name); the
    /// system's temporary directory when null.
    /// </summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Progress in bytes hashed.</summary>
    public IProgress<long>? Progress { get; init; }
}
