using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>
/// In a worker, every Workers:SweepInterval: wakes the gatherer for requests whose claim expired (their worker died), and,
/// when this worker is idle, for the oldest few requests submitted a sweep ago or more that nobody claimed (their wake-up
/// was lost with a broker or a process). Every worker sweeps; the claims make the duplicate wake-ups harmless, and waking
/// only a few at a time while idle keeps a long queue from being published again at every sweep.
/// </summary>
internal sealed class ClaimSweeper(
    RequestClaims claims, IGatherQueue queue, WorkerActivity activity, IOptions<WorkerOptions> options, TimeProvider timeProvider,
    ILogger<ClaimSweeper> logger) : BackgroundService
{
    private const int WaitingPerSweep = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.NextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(interval, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Sweeping for unclaimed requests failed; trying again in {Interval}", interval);
            }
        }
    }

    private async Task SweepAsync(TimeSpan interval, CancellationToken ct)
    {
        await ClaimedWork.ReleaseDeadLocalClaimsAsync(claims, logger, ct);
        foreach (var id in await claims.ListExpiredAsync(ct))
        {
            logger.LogInformation("Request {RequestId} has no live worker; waking the gatherer", id);
            await queue.EnqueueAsync(id, ct);
        }

        if (!activity.IsIdle)
        {
            return;
        }

        foreach (var id in await claims.ListWaitingAsync(timeProvider.GetUtcNow() - interval, WaitingPerSweep, ct))
        {
            logger.LogInformation("Request {RequestId} waits unclaimed; waking the gatherer", id);
            await queue.EnqueueAsync(id, ct);
        }
    }
}
