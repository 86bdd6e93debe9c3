using System.Text.Json.Serialization;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// A side's `status` with its processes and leases in front: each side adds its queue and its stuck work. The JSON is
/// flat (<c>workers</c>, <c>alive</c>, <c>stale</c>, <c>leases</c>, <c>schedulerHolder</c> beside the side's own fields).
/// </summary>
public abstract record SideWorkStatus([property: JsonIgnore] WorkersStatus Processes)
{
    public DateTimeOffset At => Processes.At;

    public IReadOnlyList<WorkerState> Workers => Processes.Workers;

    public IReadOnlyList<LeaseRecord> Leases => Processes.Leases;

    public int Alive => Processes.Alive;

    public int Stale => Processes.Stale;

    public string? SchedulerHolder => Processes.SchedulerHolder;
}
