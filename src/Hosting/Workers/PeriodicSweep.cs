using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// A worker's sweep for work that lost its wake-up or its worker, run every Workers:SweepInterval. A failed sweep is
/// logged and tried again at the next tick, never fatal: the database still holds the work for the next one.
/// </summary>
public abstract class PeriodicSweep(IOptions<WorkerOptions> options, TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    /// <summary>Workers:SweepInterval.</summary>
    protected TimeSpan Interval { get; } = options?.Value.SweepInterval ?? throw new ArgumentNullException(nameof(options));

    protected TimeProvider Clock { get; } = timeProvider;

    protected ILogger Logger { get; } = logger;

    /// <summary>What the sweep looks for, as the warning about a failed sweep names it.</summary>
    protected abstract string LooksFor { get; }

    protected abstract Task SweepAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Clock);
        while (await timer.NextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logger.LogWarning(ex, "Sweeping for {What} failed; trying again in {Interval}", LooksFor, Interval);
            }
        }
    }
}
