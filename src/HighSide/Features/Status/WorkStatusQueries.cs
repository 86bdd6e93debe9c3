using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Status;

/// <summary>Reads the status of the high side's processes and batches from the database, the only place it lives.</summary>
internal sealed class WorkStatusQueries(Database database, BatchClaims claims, WorkersStatusQueries processes, RestoreGate restore)
{
    private static readonly ProviderSql StateNotFinal = new("state NOT IN @Final", "NOT (state = ANY(@Final))");

    public async Task<WorkStatus> GetAsync(CancellationToken ct)
    {
        var status = await processes.GetAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        var counts = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            $"SELECT state, COUNT(*) FROM batches WHERE {StateNotFinal.For(database)} GROUP BY state ORDER BY state",
            new { Final = BatchStates.Final.ToArray() }, cancellationToken: ct));
        return new WorkStatus(
            status,
            counts.ToDictionary(c => c.State, c => (int)c.Count, StringComparer.Ordinal),
            await claims.ListExpiredAsync(ct),
            await restore.UnconfirmedBackupAsync(ct));
    }
}
