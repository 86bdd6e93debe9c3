namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Claims on one kind of work, held in the work's own rows (a request to gather, a batch to publish). Every change is one
/// conditional UPDATE, so of several workers woken for the same work exactly one wins it, and only the holder of a claim
/// renews or releases it. <see cref="ClaimedWork"/> runs work under such a claim.
/// </summary>
public interface IWorkClaims
{
    /// <summary>Claims the work when nobody holds it or its claim expired; false when another worker holds it (or it is done).</summary>
    Task<bool> TryClaimAsync(string id, string worker, TimeSpan lease, CancellationToken ct);

    /// <summary>Extends the claim; false when the work is no longer this worker's.</summary>
    Task<bool> RenewAsync(string id, string worker, TimeSpan lease, CancellationToken ct);

    /// <summary>Gives the claim up (finished, failed, stopped), so any worker may take the work at once.</summary>
    Task ReleaseAsync(string id, string worker, CancellationToken ct);

    /// <summary>The workers holding a claim, expired or not.</summary>
    Task<IReadOnlyList<string>> ListHoldersAsync(CancellationToken ct);

    /// <summary>Gives up every claim of a worker known to be dead, so its work is taken over now rather than at expiry.</summary>
    Task<int> ReleaseAllAsync(string worker, CancellationToken ct);
}
