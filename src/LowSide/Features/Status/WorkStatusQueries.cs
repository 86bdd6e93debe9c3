using Dapper;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Status;

/// <summary>Reads the status of the low side's processes and work from the database, the only place it lives.</summary>
internal sealed class WorkStatusQueries(Database database, WorkersStatusQueries processes)
{
    public async Task<WorkStatus> GetAsync(CancellationToken ct)
    {
        var status = await processes.GetAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        var counts = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition("""
            SELECT status, COUNT(*) FROM requests WHERE status IN ('submitted', 'gathering') GROUP BY status
            """, cancellationToken: ct))).ToDictionary(c => c.Status, c => c.Count, StringComparer.Ordinal);
        var expired = await connection.QueryAsync<ExpiredClaim>(new CommandDefinition("""
            SELECT id AS RequestId, claimed_by AS ClaimedBy, claim_expires_utc AS ClaimExpiresUtc FROM requests
            WHERE status = 'gathering' AND (claim_expires_utc IS NULL OR claim_expires_utc < @Now)
            ORDER BY created_utc, id
            """, new { Now = status.At }, cancellationToken: ct));
        return new WorkStatus(status, (int)counts.GetValueOrDefault("submitted"), (int)counts.GetValueOrDefault("gathering"), expired.AsList());
    }
}
