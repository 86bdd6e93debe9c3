using Microsoft.Extensions.Logging;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Keeps a lease or claim alive while work runs: renews it at a third of its length, and cancels <see cref="Lost"/> when a
/// renewal finds it gone (another holder took it, or the work was cancelled) or when renewals kept failing until it lapsed.
/// Work that observes <see cref="Lost"/> stops before it writes a result it no longer owns.
/// </summary>
public sealed class HeldLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _renewing;

    private HeldLease(Func<CancellationToken, Task<bool>> renew, TimeSpan lease, TimeProvider timeProvider, ILogger logger, string what)
    {
        _timer = new PeriodicTimer(WorkerOptions.RenewalFor(lease), timeProvider);
        _renewing = RenewAsync(renew, lease, timeProvider, logger, what);
    }

    /// <summary>Cancelled when the lease is no longer this holder's.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Starts renewing a lease just taken; <paramref name="renew"/> answers false when the lease is no longer held.</summary>
    public static HeldLease Start(Func<CancellationToken, Task<bool>> renew, TimeSpan lease, TimeProvider timeProvider, ILogger logger, string what)
    {
        ArgumentNullException.ThrowIfNull(renew);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        return new HeldLease(renew, lease, timeProvider, logger, what);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the timer ends the wait for the next renewal without an exception: the first exception a process throws
        // loads the stack-trace reader's assemblies (2-5 MiB of a cut's peak), and every cut ended with one (issue 18). The
        // token only stops a renewal already asking the database.
        _timer.Dispose();
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(Func<CancellationToken, Task<bool>> renew, TimeSpan lease, TimeProvider timeProvider, ILogger logger, string what)
    {
        var renewed = timeProvider.GetUtcNow();
        try
        {
            while (await _timer.WaitForNextTickAsync())
            {
                if (await TryRenewAsync(renew, logger, what) is { } held)
                {
                    if (!held)
                    {
                        logger.LogWarning("Lost {What}: another holder has it now; stopping the work", what);
                        await _lost.CancelAsync();
                        return;
                    }

                    renewed = timeProvider.GetUtcNow();
                }
                else if (timeProvider.GetUtcNow() - renewed >= lease)
                {
                    logger.LogWarning("Could not renew {What} before it expired; stopping the work", what);
                    await _lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the work is over.
        }
    }

    // Null when the database could not be asked (busy, unreachable): the next tick tries again while the lease lasts.
    private async Task<bool?> TryRenewAsync(Func<CancellationToken, Task<bool>> renew, ILogger logger, string what)
    {
        try
        {
            return await renew(_stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Renewing {What} failed; retrying", what);
            return null;
        }
    }
}
