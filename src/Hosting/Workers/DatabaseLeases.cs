using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// Named leases in the <c>leases</c> table: one holder at a time, taken over only after it expires. Taking and renewing
/// are one conditional upsert, so of several processes racing for a free lease exactly one wins.
/// </summary>
public sealed class DatabaseLeases(Database database, TimeProvider timeProvider)
{
    /// <summary>The lease the scheduler holds while it runs the scheduled jobs.</summary>
    public const string Scheduler = "scheduler";

    /// <summary>The lease a cut holds while it assigns a sequence and writes a batch: cuts never overlap.</summary>
    public const string Cut = "cut";

    /// <summary>
    /// Takes the lease, or renews it when <paramref name="holder"/> holds it; false when another holder's has not expired.
    /// A holder that was a process of this host and no longer runs loses its lease at once.
    /// </summary>
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
        if (changed == 1)
        {
            return true;
        }

        var current = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT holder FROM leases WHERE name = @Name", new { Name = name }, cancellationToken: ct));
        if (current is null || !WorkerIdentity.IsDeadOnThisHost(current))
        {
            return false;
        }

        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE leases SET holder = @Holder, expires_utc = @Expires WHERE name = @Name AND holder = @Dead
            """,
            new { Name = name, Holder = holder, Expires = now + duration, Dead = current }, cancellationToken: ct)) == 1;
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
