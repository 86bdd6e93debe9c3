using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide.Daemon;

/// <summary>
/// At start the database is the truth: half-copied volumes are discarded, then every batch a stopped
/// process left in a step of <see cref="BatchLifecycle"/> is picked up again by that step.
/// </summary>
internal sealed class StartupRecovery(DataDirectory data, BatchLifecycle lifecycle, IHostApplicationLifetime lifetime,
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

        // Taking the import lock discards copies left by an import that was killed.
        await (await ImportLock.AcquireAsync(data.Incoming(), stoppingToken)).DisposeAsync();
        await lifecycle.ResumeAsync(
            (batch, step) => logger.LogInformation("Resuming batch {BatchId} ({State}) in step {Step}", batch.Id, batch.State, step.Name),
            stoppingToken);
    }
}
