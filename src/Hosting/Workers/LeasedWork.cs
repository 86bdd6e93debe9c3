using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Runs work that must never overlap across processes (the cut) under a named lease in the database: taken before the
/// work, renewed while it runs, released after it; the work is cancelled if the lease is lost. When another live process
/// holds the lease the work does not run.
/// </summary>
public sealed class LeasedWork(
    DatabaseLeases leases, WorkerIdentity worker, IOptions<WorkerOptions> options, TimeProvider timeProvider, ILogger<LeasedWork> logger)
{
    /// <summary>Runs <paramref name="work"/> holding lease <paramref name="name"/>; <c>Ran</c> is false when another process holds it.</summary>
    public async Task<(bool Ran, T? Result)> RunAsync<T>(string name, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = options.Value.SchedulerLease;
        if (!await leases.TryAcquireAsync(name, worker.Id, lease, ct))
        {
            return (false, default);
        }

        try
        {
            await using var held = HeldLease.Start(t => leases.TryAcquireAsync(name, worker.Id, lease, t), lease, timeProvider, logger, $"the {name} lease");
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, held.Lost);
            return (true, await work(linked.Token));
        }
        finally
        {
            await leases.ReleaseAsync(name, worker.Id, CancellationToken.None);
        }
    }
}
