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
    ILogger<ClaimSweeper> logger) : PeriodicSweep(options, timeProvider, logger)
{
    private const int WaitingPerSweep = 4;

    protected override string LooksFor => "unclaimed requests";

    protected override async Task SweepAsync(CancellationToken ct)
    {
        await ClaimedWork.ReleaseDeadLocalClaimsAsync(claims, Logger, ct);
        foreach (var id in await claims.ListExpiredAsync(ct))
        {
            Logger.LogInformation("Request {RequestId} has no live worker; waking the gatherer", id);
            await queue.EnqueueAsync(id, ct);
        }

        if (!activity.IsIdle)
        {
            return;
        }

        foreach (var id in await claims.ListWaitingAsync(Clock.GetUtcNow() - Interval, WaitingPerSweep, ct))
        {
            Logger.LogInformation("Request {RequestId} waits unclaimed; waking the gatherer", id);
            await queue.EnqueueAsync(id, ct);
        }
    }
}
