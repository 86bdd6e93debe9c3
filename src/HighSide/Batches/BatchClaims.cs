using Dapper;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Batches;

/// <summary>
/// Claims on batches being scanned or published, in the <c>batches</c> row itself (claimed_by, claim_expires_utc). Every
/// change is one conditional UPDATE, so of several workers woken for the same batch exactly one wins it, and only the
/// holder renews or releases it. A claim of a dead process of this host is taken over at once. A dead worker's claim stays
/// named (expired) until another takes the batch over, so the sweep and `highside status` see it.
/// </summary>
internal sealed class BatchClaims(Database database, TimeProvider timeProvider) : IWorkClaims
{
    public async Task<bool> TryClaimAsync(string id, string worker, TimeSpan lease, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET claimed_by = @Worker, claim_expires_utc = @Expires
            WHERE id = @Id AND (claimed_by IS NULL OR claim_expires_utc < @Now)
            """,
            new { Id = id, Worker = worker, Expires = now + lease, Now = now }, cancellationToken: ct));
        if (changed == 1)
        {
            return true;
        }

        // A holder that was a process of this host and is gone (a killed `publish`, a killed worker) loses its claim at once.
        var holder = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT claimed_by FROM batches WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return holder is not null && WorkerIdentity.IsDeadOnThisHost(holder) && await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET claimed_by = @Worker, claim_expires_utc = @Expires WHERE id = @Id AND claimed_by = @Dead
            """,
            new { Id = id, Worker = worker, Expires = now + lease, Dead = holder }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> RenewAsync(string id, string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET claim_expires_utc = @Expires WHERE id = @Id AND claimed_by = @Worker
            """,
            new { Id = id, Worker = worker, Expires = timeProvider.GetUtcNow() + lease }, cancellationToken: ct));
        return changed == 1;
    }

    public async Task ReleaseAsync(string id, string worker, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET claimed_by = NULL, claim_expires_utc = NULL WHERE id = @Id AND claimed_by = @Worker
            """,
            new { Id = id, Worker = worker }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<string>> ListHoldersAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var holders = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT claimed_by FROM batches WHERE claimed_by IS NOT NULL", cancellationToken: ct));
        return holders.AsList();
    }

    /// <summary>Expires every claim of a dead worker (rather than clearing it): the sweep then wakes its batches.</summary>
    public async Task<int> ReleaseAllAsync(string worker, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET claim_expires_utc = @Expired WHERE claimed_by = @Worker AND claim_expires_utc >= @Now
            """,
            new { Worker = worker, Expired = DateTimeOffset.UnixEpoch, Now = timeProvider.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>
    /// Clears the expired claim of a dead worker on one batch, before its step is woken; false when it is gone already
    /// (another sweep cleared it, or a worker took the batch over).
    /// </summary>
    public async Task<bool> ForgetExpiredAsync(string id, string worker, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET claimed_by = NULL, claim_expires_utc = NULL
            WHERE id = @Id AND claimed_by = @Worker AND claim_expires_utc < @Now
            """,
            new { Id = id, Worker = worker, Now = timeProvider.GetUtcNow() }, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>Batches left under an expired claim: their worker died mid-scan or mid-publish. Oldest first.</summary>
    public async Task<IReadOnlyList<ExpiredBatchClaim>> ListExpiredAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ExpiredBatchClaim>(new CommandDefinition("""
            SELECT id AS BatchId, state AS State, claimed_by AS ClaimedBy, claim_expires_utc AS ClaimExpiresUtc FROM batches
            WHERE claimed_by IS NOT NULL AND claim_expires_utc < @Now
            ORDER BY imported_utc, id
            """,
            new { Now = timeProvider.GetUtcNow() }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>The batches a live worker holds now (an unexpired claim): start-up recovery leaves them to it.</summary>
    public async Task<IReadOnlySet<string>> ListHeldAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM batches WHERE claimed_by IS NOT NULL AND claim_expires_utc >= @Now",
            new { Now = timeProvider.GetUtcNow() }, cancellationToken: ct));
        return ids.ToHashSet(StringComparer.Ordinal);
    }
}
