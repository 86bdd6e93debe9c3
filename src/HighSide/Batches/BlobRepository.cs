using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Batches;

/// <summary>Blobs published from earlier batches: what incremental batches may reference and receipts list.</summary>
internal sealed class BlobRepository(Database database)
{
    /// <summary>The quarantine id of the published batch that holds the blob, or null.</summary>
    public async Task<string?> HolderAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """SELECT batch_id FROM blobs WHERE digest = @digest""", new { digest }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT digest FROM blobs ORDER BY digest""", cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
