using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Workers;

/// <summary>The <c>workers</c> table: each process writes its own row and heartbeat; status reads them all.</summary>
public sealed class WorkerRegistry(Database database)
{
    public async Task HeartbeatAsync(WorkerIdentity worker, DateTimeOffset now, string? currentClaim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO workers (id, host, pid, roles, started_utc, last_heartbeat_utc, current_claim)
            VALUES (@Id, @Host, @Pid, @Roles, @Started, @Now, @CurrentClaim)
            ON CONFLICT (id) DO UPDATE SET last_heartbeat_utc = excluded.last_heartbeat_utc, current_claim = excluded.current_claim
            """,
            new
            {
                worker.Id,
                worker.Host,
                worker.Pid,
                Roles = ServeRoleNames.Format(worker.Roles),
                worker.Started,
                Now = now,
                CurrentClaim = currentClaim,
            },
            cancellationToken: ct));
    }

    /// <summary>A clean stop removes the row: what remains with an old heartbeat is a process that died.</summary>
    public async Task RemoveAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM workers WHERE id = @Id", new { Id = id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<WorkerRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<WorkerRecord>(new CommandDefinition("""
            SELECT id AS Id, host AS Host, pid AS Pid, roles AS Roles, started_utc AS StartedUtc,
                   last_heartbeat_utc AS LastHeartbeatUtc, current_claim AS CurrentClaim
            FROM workers ORDER BY started_utc, id
            """, cancellationToken: ct));
        return rows.AsList();
    }
}
