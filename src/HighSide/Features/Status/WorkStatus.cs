using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Features.Status;

/// <summary>
/// What `highside status` shows: the processes, the queue (batches in each state that is not final, by state), the batches
/// left under an expired claim, and who holds the leases.
/// </summary>
internal sealed record WorkStatus(WorkersStatus Processes, IReadOnlyDictionary<string, int> Queue, IReadOnlyList<ExpiredBatchClaim> ExpiredClaims)
    : SideWorkStatus(Processes);
