namespace TransferPipeline.Hosting.Workers;

/// <summary>The part of a side's `status` every side shows the same way: its processes and who holds the leases.</summary>
public sealed record WorkersStatus(DateTimeOffset At, IReadOnlyList<WorkerState> Workers, IReadOnlyList<LeaseRecord> Leases)
{
    public int Alive => Workers.Count(w => w.Alive);

    public int Stale => Workers.Count(w => !w.Alive);

    /// <summary>The holder of the unexpired scheduler lease; null when no scheduler holds it.</summary>
    public string? SchedulerHolder => Leases.FirstOrDefault(l => l.Name == DatabaseLeases.Scheduler && l.ExpiresUtc > At)?.Holder;
}
