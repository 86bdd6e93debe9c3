using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Features.Status;

/// <summary>
/// What `highside status` shows: the processes, the queue (batches in each state that is not final, by state), the batches
/// left under an expired claim, who holds the leases, and, after a restore, the backup's time while its replay high-water mark
/// is unconfirmed (import and publish refused until then).
/// </summary>
internal sealed record WorkStatus(
    WorkersStatus Processes, IReadOnlyDictionary<string, int> Queue, IReadOnlyList<ExpiredBatchClaim> ExpiredClaims, string? RestoredFromBackupTaken)
    : SideWorkStatus(Processes);
