using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>Both sides: the `serve` processes the workers table knows, live or stale by heartbeat (a stale one probably died).</summary>
internal sealed class WorkerStateSource(WorkersStatusQueries workers) : IStateMetricsSource
{
    public async Task ReadAsync(StateReadings readings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await workers.GetAsync(cancellationToken);
        readings.Add(StateGauges.Workers, status.Alive, "state", "live");
        readings.Add(StateGauges.Workers, status.Stale, "state", "stale");
    }
}
