using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.LowSide.Features.Status;

/// <summary>What `lowside status` shows: the processes, the queue, what is stuck, who holds the leases.</summary>
internal sealed record WorkStatus(
    DateTimeOffset At,
    IReadOnlyList<WorkerState> Workers,
    int Submitted,
    int Gathering,
    IReadOnlyList<ExpiredClaim> ExpiredClaims,
    IReadOnlyList<LeaseRecord> Leases)
{
    public int Alive => Workers.Count(w => w.Alive);

    public int Stale => Workers.Count(w => !w.Alive);

    public string? SchedulerHolder => Leases.FirstOrDefault(l => l.Name == DatabaseLeases.Scheduler && l.ExpiresUtc > At)?.Holder;
}
