namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// The outcome of repairing a volume copy from its recovery files: which files par2 rewrote, the data blocks that were missing,
/// the recovery blocks that survived (what could be recovered), and the recovery files left out because they fail their hashes.
/// </summary>
public sealed record VolumeRepairResult
{
    public required VolumeRepairStatus Status { get; init; }
    public required string Message { get; init; }
    public IReadOnlyList<string> RepairedFiles { get; init; } = [];
    public long BlocksMissing { get; init; }
    public long RecoveryBlocksAvailable { get; init; }
    public IReadOnlyList<string> IgnoredRecoveryFiles { get; init; } = [];
}
