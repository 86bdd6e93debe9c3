using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Writes this process's row in <c>workers</c> at start and its heartbeat (with the claims it holds) every
/// Workers:HeartbeatInterval, and removes the row at a clean stop. A failed heartbeat is logged, never fatal.
/// </summary>
internal sealed class WorkerHeartbeat(
    WorkerRegistry registry, WorkerIdentity worker, WorkerActivity activity, IOptions<WorkerOptions> options, TimeProvider timeProvider,
    ILogger<WorkerHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, timeProvider);
        do
        {
            try
            {
                await registry.HeartbeatAsync(worker, timeProvider.GetUtcNow(), activity.Describe(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Worker {WorkerId} could not write its heartbeat", worker.Id);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.RemoveAsync(worker.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Worker {WorkerId} could not remove its row; it shows stale until cleaned", worker.Id);
        }
    }
}
