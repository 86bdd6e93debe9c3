using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Batches;

/// <summary>Blobs published from earlier batches: what incremental batches may reference and receipts list.</summary>
internal sealed class BlobRepository(SqliteDatabase database)
{
    public async Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> digests, CancellationToken cancellationToken)
    {
        if (digests.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var present = await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT digest FROM blobs WHERE digest IN @digests""", new { digests }, cancellationToken: cancellationToken));
        var set = present.ToHashSet(StringComparer.Ordinal);
        return [.. digests.Where(d => !set.Contains(d))];
    }

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
        var rows = await connection.QueryAsync<string>(new CommandDefinition("""SELECT digest FROM blobs ORDER BY digest""", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static Task AddAsync(SqliteConnection connection, SqliteTransaction transaction, string batchId, IEnumerable<(string Digest, long Size)> blobs,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """INSERT INTO blobs (digest, size, batch_id, published_utc) VALUES (@Digest, @Size, @batchId, @now) ON CONFLICT (digest) DO NOTHING""",
            blobs.Select(b => new { b.Digest, b.Size, batchId, now }), transaction, cancellationToken: cancellationToken));
}
