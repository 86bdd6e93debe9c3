using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.LowSide.Features.Status;

/// <summary>What `lowside status` shows: the processes, the queue, what is stuck, who holds the leases.</summary>
internal sealed record WorkStatus(WorkersStatus Processes, int Submitted, int Gathering, IReadOnlyList<ExpiredClaim> ExpiredClaims)
    : SideWorkStatus(Processes);
