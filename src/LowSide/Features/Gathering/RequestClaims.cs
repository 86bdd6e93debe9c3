using Dapper;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Claims on requests to gather, in the <c>requests</c> row itself (claimed_by, claim_expires_utc). Every change is one
/// conditional UPDATE, so of several workers woken for the same request exactly one wins it, and only the holder of a
/// claim can renew it, release it, or finish the request.
/// </summary>
internal sealed class RequestClaims(Database database, TimeProvider timeProvider) : IWorkClaims
{
    /// <summary>Claims a submitted request, or one left gathering by a worker whose claim expired; false when another holds it.</summary>
    public async Task<bool> TryClaimAsync(string id, string worker, TimeSpan lease, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET status = 'gathering', claimed_by = @Worker, claim_expires_utc = @Expires, updated_utc = @Now,
                   failure = NULL, failure_code = NULL, attempts = attempts + 1
            WHERE id = @Id
              AND (status = 'submitted' OR (status = 'gathering' AND (claim_expires_utc IS NULL OR claim_expires_utc < @Now)))
            """,
            new { Id = id, Worker = worker, Expires = now + lease, Now = now }, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>Extends the claim; false when the request is no longer this worker's to gather (taken over or cancelled).</summary>
    public async Task<bool> RenewAsync(string id, string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET claim_expires_utc = @Expires
            WHERE id = @Id AND status = 'gathering' AND claimed_by = @Worker
            """,
            new { Id = id, Worker = worker, Expires = timeProvider.GetUtcNow() + lease }, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>Gives up an unfinished claim (a transient fault, a stop), so any worker may take the request at once.</summary>
    public async Task ReleaseAsync(string id, string worker, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET claimed_by = NULL, claim_expires_utc = NULL
            WHERE id = @Id AND claimed_by = @Worker
            """,
            new { Id = id, Worker = worker }, cancellationToken: ct));
    }

    /// <summary>
    /// Marks the claimed request failed with its reason, in the caller's audited transaction; false when the claim was no
    /// longer this worker's.
    /// </summary>
    public async Task<bool> FailAsync(AuditedTransaction audited, string id, string worker, string reason, string code, CancellationToken ct)
    {
        var changed = await audited.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET status = 'failed', failure = @Reason, failure_code = @Code, updated_utc = @Now,
                   claimed_by = NULL, claim_expires_utc = NULL
            WHERE id = @Id AND status = 'gathering' AND claimed_by = @Worker
            """,
            new { Id = id, Worker = worker, Reason = reason, Code = code, Now = timeProvider.GetUtcNow() }, audited.Transaction, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>Requests left gathering under an expired (or no) claim: their worker died or gave up. Oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListExpiredAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT id FROM requests
            WHERE status = 'gathering' AND (claim_expires_utc IS NULL OR claim_expires_utc < @Now)
            ORDER BY created_utc, id
            """,
            new { Now = timeProvider.GetUtcNow() }, cancellationToken: ct));
        return ids.AsList();
    }

    /// <summary>The oldest <paramref name="limit"/> requests submitted before <paramref name="before"/> and not yet claimed.</summary>
    public async Task<IReadOnlyList<string>> ListWaitingAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT id FROM requests WHERE status = 'submitted' AND updated_utc < @Before
            ORDER BY created_utc, id
            LIMIT @Limit
            """,
            new { Before = before, Limit = limit }, cancellationToken: ct));
        return ids.AsList();
    }

    /// <summary>The workers holding a claim on a request being gathered, expired or not.</summary>
    public async Task<IReadOnlyList<string>> ListHoldersAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var holders = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT claimed_by FROM requests WHERE status = 'gathering' AND claimed_by IS NOT NULL", cancellationToken: ct));
        return holders.AsList();
    }

    /// <summary>Releases every claim of a worker known to be dead, so its requests are taken over now rather than at expiry.</summary>
    public async Task<int> ReleaseAllAsync(string worker, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET claimed_by = NULL, claim_expires_utc = NULL WHERE status = 'gathering' AND claimed_by = @Worker
            """, new { Worker = worker }, cancellationToken: ct));
    }
}
