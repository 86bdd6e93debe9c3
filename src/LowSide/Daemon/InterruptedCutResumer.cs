using TransferPipeline.LowSide.Features.Batches;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>
/// In a scheduler, at start: finishes a batch a crash left cutting. The cut takes the cut lease, so a resumption never
/// overlaps another process's cut; one that finds the batch already finished by another process cuts nothing.
/// </summary>
internal sealed class InterruptedCutResumer(
    BatchQueries batches, BatchCutService cutter, IHostApplicationLifetime lifetime, ILogger<InterruptedCutResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DaemonStart.WaitAsync(lifetime, stoppingToken);
        var cutting = (await batches.ListAsync(stoppingToken)).FirstOrDefault(b => b.Status == BatchStatus.Cutting);
        if (cutting is null)
        {
            return;
        }

        logger.LogWarning("Batch {BatchId} was interrupted while cutting; finishing it", cutting.Id);
        var outcome = await cutter.ResumeInterruptedAsync(cutting.MediaDirectory, stoppingToken);
        if (!outcome.IsOk && outcome.Error!.Code != LowSideReasons.NothingToShip)
        {
            logger.LogError("Interrupted batch {BatchId} could not be finished: {Reason}", cutting.Id, outcome.Error!.Message);
        }
    }
}
