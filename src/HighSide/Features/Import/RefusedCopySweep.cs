using System.Data.Common;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// The daemon removes refused copies past Import:KeepRefusedDays when it starts and every hour, so a quiet high
/// side frees its disk too (every import also sweeps first).
/// </summary>
internal sealed class RefusedCopySweep(QuarantineSpace space, TimeProvider clock, ILogger<RefusedCopySweep> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await space.RemoveOldRefusedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException)
            {
                logger.LogWarning(ex, "Removing old refused copies from quarantine failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
