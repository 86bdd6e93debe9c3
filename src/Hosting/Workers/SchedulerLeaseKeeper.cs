using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// In a scheduler process: takes the scheduler lease when it is free or expired and renews it while the process lives;
/// scheduled jobs run only while <see cref="IsHeld"/> (<see cref="SchedulerLeaseVeto"/>). Several schedulers may run for
/// availability: one holds the lease, the others wait and take it over within Workers:SchedulerLease of its holder dying.
/// </summary>
public sealed class SchedulerLeaseKeeper(
    DatabaseLeases leases, WorkerIdentity worker, IOptions<WorkerOptions> options, TimeProvider timeProvider,
    ILogger<SchedulerLeaseKeeper> logger) : BackgroundService
{
    private volatile bool _held;

    public bool IsHeld => _held;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.SchedulerLease;
        using var timer = new PeriodicTimer(WorkerOptions.RenewalFor(lease), timeProvider);
        var lastHeld = DateTimeOffset.MinValue;
        do
        {
            var held = await TryHoldAsync(lease, stoppingToken);
            var now = timeProvider.GetUtcNow();
            if (held == true)
            {
                lastHeld = now;
            }

            // A database that cannot be asked keeps the lease until it would have expired, never longer.
            var holding = held ?? now - lastHeld < lease;
            if (holding != _held)
            {
                logger.LogInformation("Worker {WorkerId} scheduler lease held: {Held} (scheduled jobs run only where it is held)", worker.Id, holding);
            }

            _held = holding;
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_held)
        {
            _held = false;
            await leases.ReleaseAsync(DatabaseLeases.Scheduler, worker.Id, cancellationToken);
        }
    }

    private async Task<bool?> TryHoldAsync(TimeSpan lease, CancellationToken ct)
    {
        try
        {
            return await leases.TryAcquireAsync(DatabaseLeases.Scheduler, worker.Id, lease, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not renew the scheduler lease");
            return null;
        }
    }
}
