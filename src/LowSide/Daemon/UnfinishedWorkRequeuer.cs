using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>
/// At start: drops downloads a crash left half-done, wakes the gatherer for every request still
/// submitted or mid-gather, and finishes a batch a crash left cutting. The database is the truth; the
/// bus only carries wake-ups, so nothing is lost when the process dies.
/// </summary>
internal sealed class UnfinishedWorkRequeuer(
    ContentStore store, GatherService gatherer, IGatherQueue queue, BatchQueries batches, BatchCutService cutter,
    IHostApplicationLifetime lifetime, ILogger<UnfinishedWorkRequeuer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wait until every hosted service, the bus included, has started: a wake-up published earlier could be lost.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var discarded = store.DiscardIncomplete();
        if (discarded > 0)
        {
            logger.LogWarning("Discarded {Count} incomplete download(s) left by an interrupted run", discarded);
        }

        foreach (var request in await gatherer.ListUnfinishedAsync(stoppingToken))
        {
            logger.LogInformation("Re-queuing request {RequestId} ({Status})", request.Id, request.Status);
            await queue.EnqueueAsync(request.Id, stoppingToken);
        }

        var cutting = (await batches.ListAsync(stoppingToken)).FirstOrDefault(b => b.Status == BatchStatus.Cutting);
        if (cutting is not null)
        {
            logger.LogWarning("Batch {BatchId} was interrupted while cutting; finishing it", cutting.Id);
            var outcome = await cutter.CutAsync(cutting.MediaDirectory, null, stoppingToken);
            if (!outcome.IsOk)
            {
                logger.LogError("Interrupted batch {BatchId} could not be finished: {Reason}", cutting.Id, outcome.Error!.Message);
            }
        }
    }
}
