using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>
/// In a worker, at start: drops downloads a crash left half-done and wakes the gatherer for every request still submitted
/// or mid-gather. The database is the truth; the bus only carries wake-ups, so nothing is lost when a process dies, and
/// the claims let every worker re-queue the same requests without gathering any twice.
/// </summary>
internal sealed class UnfinishedWorkRequeuer(
    ContentStore store, GatherService gatherer, RequestClaims claims, IGatherQueue queue, TimeProvider timeProvider, IHostApplicationLifetime lifetime,
    ILogger<UnfinishedWorkRequeuer> logger) : BackgroundService
{
    // Other workers share the store: a download is only abandoned when nothing has written to it for this long.
    private static readonly TimeSpan AbandonedDownloadAge = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DaemonStart.WaitAsync(lifetime, stoppingToken);
        var discarded = store.DiscardIncomplete(timeProvider.GetUtcNow() - AbandonedDownloadAge);
        if (discarded > 0)
        {
            logger.LogWarning("Discarded {Count} incomplete download(s) left by an interrupted run", discarded);
        }

        await ClaimedWork.ReleaseDeadLocalClaimsAsync(claims, logger, stoppingToken);
        foreach (var request in await gatherer.ListUnfinishedAsync(stoppingToken))
        {
            logger.LogInformation("Re-queuing request {RequestId} ({Status})", request.Id, request.Status);
            await queue.EnqueueAsync(request.Id, stoppingToken);
        }
    }
}
