using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Daemon;

/// <summary>
/// In a worker, every Workers:SweepInterval: expires the claims of workers of this host that died, then clears each expired
/// claim and wakes the step its batch is in (a scan or a publish a dead worker left half-done). Every worker sweeps; clearing
/// a claim is a conditional update only one of them wins, so a batch is woken once, and its step claims it again.
/// </summary>
internal sealed class BatchClaimSweeper(
    BatchClaims claims, BatchRepository batches, BatchLifecycle lifecycle, IOptions<WorkerOptions> options, TimeProvider timeProvider,
    ILogger<BatchClaimSweeper> logger) : PeriodicSweep(options, timeProvider, logger)
{
    protected override string LooksFor => "expired batch claims";

    protected override async Task SweepAsync(CancellationToken ct)
    {
        await ClaimedWork.ReleaseDeadLocalClaimsAsync(claims, Logger, ct);
        foreach (var expired in await claims.ListExpiredAsync(ct))
        {
            if (!await claims.ForgetExpiredAsync(expired.BatchId, expired.ClaimedBy!, ct)
                || await batches.FindAsync(expired.BatchId, ct) is not { } batch)
            {
                continue;
            }

            Logger.LogWarning("Batch {BatchId} ({State}) was left by worker {WorkerId}; waking its step", batch.Id, batch.State, expired.ClaimedBy);
            await lifecycle.ResumeAsync(batch, ct);
        }
    }
}
