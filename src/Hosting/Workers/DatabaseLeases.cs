using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Named leases in the <c>leases</c> table: one holder at a time, taken over only after it expires. Taking and renewing
/// are one conditional upsert, so of several processes racing for a free lease exactly one wins.
/// </summary>
public sealed class DatabaseLeases(SqliteDatabase database, TimeProvider timeProvider)
{
    /// <summary>The lease the scheduler holds while it runs the scheduled jobs.</summary>
    public const string Scheduler = "scheduler";

    /// <summary>The lease a cut holds while it assigns a sequence and writes a batch: cuts never overlap.</summary>
    public const string Cut = "cut";

    /// <summary>Takes the lease, or renews it when <paramref name="holder"/> holds it; false when another holder's has not expired.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO leases (name, holder, expires_utc) VALUES (@Name, @Holder, @Expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_utc = excluded.expires_utc
            WHERE leases.holder = excluded.holder OR leases.expires_utc < @Now
            """,
            new { Name = name, Holder = holder, Expires = now + duration, Now = now }, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>Gives the lease up at once (a clean stop), so the next holder need not wait for it to expire.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE name = @Name AND holder = @Holder", new { Name = name, Holder = holder }, cancellationToken: ct));
    }

    /// <summary>Every lease, expired or not.</summary>
    public async Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<LeaseRecord>(new CommandDefinition(
            "SELECT name AS Name, holder AS Holder, expires_utc AS ExpiresUtc FROM leases ORDER BY name", cancellationToken: ct));
        return rows.AsList();
    }
}
