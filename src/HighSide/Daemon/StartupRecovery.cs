using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Daemon;

/// <summary>
/// In a worker, at start the database is the truth: half-copied volumes are discarded, then every batch a stopped
/// process left in a step of <see cref="BatchLifecycle"/> is picked up again by that step. A batch another live worker
/// holds a claim on is left to it: several workers start and restart while others work.
/// </summary>
internal sealed class StartupRecovery(DataDirectory data, BatchLifecycle lifecycle, BatchClaims claims, IHostApplicationLifetime lifetime,
    ILogger<StartupRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every hosted service, the bus included, must have started: a signal sent earlier could be lost.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        // Taking the import lock discards copies left by an import that was killed (a live worker's import holds the lock).
        await (await ImportLock.AcquireAsync(data.Incoming(), stoppingToken)).DisposeAsync();
        await ClaimedWork.ReleaseDeadLocalClaimsAsync(claims, logger, stoppingToken);
        var held = await claims.ListHeldAsync(stoppingToken);
        await lifecycle.ResumeAsync(
            (batch, step) => logger.LogInformation("Resuming batch {BatchId} ({State}) in step {Step}", batch.Id, batch.State, step.Name),
            held,
            stoppingToken);
        logger.LogInformation("Start-up recovery done; {Held} batch(es) left to the live workers holding them", held.Count);
    }
}
