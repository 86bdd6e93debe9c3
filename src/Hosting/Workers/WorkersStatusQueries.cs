using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>Reads the processes of a side and its leases from the database, the only place they live.</summary>
public sealed class WorkersStatusQueries(WorkerRegistry workers, DatabaseLeases leases, IOptions<WorkerOptions> options, TimeProvider timeProvider)
{
    public async Task<WorkersStatus> GetAsync(CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        var staleBefore = now - options.Value.StaleAfter;
        var states = (await workers.ListAsync(ct))
            .Select(w => new WorkerState(w.Id, w.Host, w.Pid, w.Roles, w.StartedUtc, w.LastHeartbeatUtc, w.CurrentClaim, w.LastHeartbeatUtc >= staleBefore))
            .ToList();
        return new WorkersStatus(now, states, await leases.ListAsync(ct));
    }
}
