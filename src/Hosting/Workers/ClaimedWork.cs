using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Runs one piece of work under its claim in the database (ADR 0008): claimed first (a conditional update only one process
/// wins), renewed at a third of Workers:ClaimLease while the work runs, reported in this process's heartbeat, and released
/// at the end whatever happened. The work is cancelled when the claim is lost (it lapsed and another worker took it), so it
/// never writes a result it no longer owns.
/// </summary>
public sealed class ClaimedWork(
    WorkerIdentity worker, WorkerActivity activity, IOptions<WorkerOptions> options, TimeProvider timeProvider, ILogger<ClaimedWork> logger)
{
    /// <summary>
    /// Runs <paramref name="work"/> holding the claim on <paramref name="id"/>; <c>Ran</c> is false when another worker holds
    /// it or took it over while the work ran.
    /// </summary>
    public async Task<(bool Ran, T? Result)> RunAsync<T>(
        IWorkClaims claims, string id, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(work);
        var lease = options.Value.ClaimLease;
        if (!await claims.TryClaimAsync(id, worker.Id, lease, ct))
        {
            return (false, default);
        }

        activity.Claimed(id);
        try
        {
            await using var held = HeldLease.Start(t => claims.RenewAsync(id, worker.Id, lease, t), lease, timeProvider, logger, $"the claim on {id}");
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, held.Lost);
            return (true, await work(linked.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The claim went to another worker (ours lapsed): whoever holds it now finishes the work.
            return (false, default);
        }
        finally
        {
            activity.Released(id);
            await claims.ReleaseAsync(id, worker.Id, CancellationToken.None);
        }
    }

    /// <summary>Releases the claims of workers of this host that died, so their work need not wait for the claims to expire.</summary>
    public static async Task ReleaseDeadLocalClaimsAsync(IWorkClaims claims, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var holder in (await claims.ListHoldersAsync(ct)).Where(WorkerIdentity.IsDeadOnThisHost))
        {
            var released = await claims.ReleaseAllAsync(holder, ct);
            logger.LogWarning("Worker {WorkerId} of this host died; released its {Count} claim(s)", holder, released);
        }
    }
}
