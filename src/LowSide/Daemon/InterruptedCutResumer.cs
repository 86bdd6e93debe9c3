using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Batches;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>
/// In a scheduler, at start: finishes a batch a crash left cutting. The cut takes the cut lease, so a resumption never
/// overlaps another process's cut; while another holds it (a dead holder on another host, until its lease expires) it
/// tries again, and one that finds the batch already finished by another process cuts nothing.
/// </summary>
internal sealed class InterruptedCutResumer(
    BatchQueries batches, BatchCutService cutter, IOptions<WorkerOptions> options, TimeProvider timeProvider, IHostApplicationLifetime lifetime,
    ILogger<InterruptedCutResumer> logger) : BackgroundService
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
        var lease = options.Value.SchedulerLease;
        var giveUp = timeProvider.GetUtcNow() + 2 * lease;
        var outcome = await cutter.ResumeInterruptedAsync(cutting.MediaDirectory, stoppingToken);
        while (outcome.Error?.Code == LowSideReasons.CutInProgress && timeProvider.GetUtcNow() < giveUp)
        {
            await Task.Delay(WorkerOptions.RenewalFor(lease), timeProvider, stoppingToken);
            outcome = await cutter.ResumeInterruptedAsync(cutting.MediaDirectory, stoppingToken);
        }

        if (!outcome.IsOk && outcome.Error!.Code != LowSideReasons.NothingToShip)
        {
            logger.LogError("Interrupted batch {BatchId} could not be finished: {Reason}", cutting.Id, outcome.Error!.Message);
        }
    }
}
