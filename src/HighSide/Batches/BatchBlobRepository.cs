using System.Data.Common;
using Dapper;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Batches;

/// <summary>
/// Every blob each batch lists, shipped or only referenced, written once at import: what listing,
/// review, assembly and publishing need of a manifest, answered in SQL without reading one.
/// </summary>
internal sealed class BatchBlobRepository(Database database)
{
    // Dapper expands a list parameter into IN (...) for SQLite, but hands it to Npgsql as one array, compared with = ANY.
    private static readonly ProviderSql StateInStates = new("b.state IN @states", "b.state = ANY(@states)");

    // An artifact's blobs are rows of batch_artifact_blobs; a digest the batch does not list counts as a blob of no bytes.
    private static readonly ProviderSql ArtifactTotals = new(
        """
        SELECT a.position AS Position, COUNT(ab.digest) AS Blobs, COALESCE(SUM(bb.size), 0) AS Bytes
        FROM batch_artifacts a
        LEFT JOIN batch_artifact_blobs ab ON ab.batch_id = a.batch_id AND ab.position = a.position
        LEFT JOIN batch_blobs bb ON bb.batch_id = ab.batch_id AND bb.digest = ab.digest
        WHERE a.batch_id = @batchId GROUP BY a.position
        """,
        """
        SELECT a.position AS Position, COUNT(ab.digest)::BIGINT AS Blobs, COALESCE(SUM(bb.size), 0)::BIGINT AS Bytes
        FROM batch_artifacts a
        LEFT JOIN batch_artifact_blobs ab ON ab.batch_id = a.batch_id AND ab.position = a.position
        LEFT JOIN batch_blobs bb ON bb.batch_id = ab.batch_id AND bb.digest = ab.digest
        WHERE a.batch_id = @batchId GROUP BY a.position
        """);

    private const string SharedCount = """
        SELECT COUNT(*) FROM batch_artifact_blobs ab
        WHERE ab.batch_id = @batchId AND ab.position = @position
          AND ab.digest IN (SELECT o.digest FROM batch_artifact_blobs o WHERE o.batch_id = @otherBatchId AND o.position = @otherPosition)
        """;

    /// <summary>Writes the blobs with one reused statement inside the caller's transaction.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string batchId, IEnumerable<ManifestBlob> blobs,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """INSERT INTO batch_blobs (batch_id, digest, size, shipped) VALUES (@batchId, @digest, @size, @shipped)""";
        command.AddParameter("@batchId", batchId);
        var digest = command.AddParameter("@digest", "");
        var size = command.AddParameter("@size", 0L);
        var shipped = command.AddParameter("@shipped", 0L);
        foreach (var blob in blobs)
        {
            digest.Value = blob.Digest;
            size.Value = blob.Size;
            shipped.Value = blob.Shipped ? 1L : 0L;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Writes which blobs each artifact lists, root first, with one reused statement inside the caller's transaction.</summary>
    public static async Task InsertArtifactBlobsAsync(DbConnection connection, DbTransaction transaction, string batchId,
        IReadOnlyList<ManifestArtifact> artifacts, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO batch_artifact_blobs (batch_id, position, ordinal, digest) VALUES (@batchId, @position, @ordinal, @digest)
            """;
        command.AddParameter("@batchId", batchId);
        var position = command.AddParameter("@position", 0L);
        var ordinal = command.AddParameter("@ordinal", 0L);
        var digest = command.AddParameter("@digest", "");
        for (var i = 0; i < artifacts.Count; i++)
        {
            position.Value = (long)i;
            // Enumerated, not indexed: a parsed manifest's digests are on disk, and enumerating reads them a block at a time.
            var j = 0L;
            foreach (var blob in artifacts[i].Blobs)
            {
                ordinal.Value = j++;
                digest.Value = blob;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>The referenced (not shipped) blobs of a batch that no published batch holds yet: how many, and the first few.</summary>
    public async Task<MissingBlobs> MissingReferencedAsync(string batchId, int firstFew, CancellationToken cancellationToken)
    {
        const string Missing = """
            FROM batch_blobs bb
            WHERE bb.batch_id = @batchId AND bb.shipped = 0 AND NOT EXISTS (SELECT 1 FROM blobs WHERE blobs.digest = bb.digest)
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""SELECT COUNT(*) {Missing}""", new { batchId }, cancellationToken: cancellationToken));
        var first = count == 0 ? [] : await connection.QueryAsync<string>(new CommandDefinition(
            $"""SELECT bb.digest {Missing} ORDER BY bb.digest LIMIT @firstFew""", new { batchId, firstFew }, cancellationToken: cancellationToken));
        return new MissingBlobs(count, first.AsList());
    }

    /// <summary>Other batches in <paramref name="states"/> that ship a blob <paramref name="batchId"/> references and is still missing.</summary>
    public async Task<IReadOnlyList<string>> ShippersOfMissingAsync(string batchId, IReadOnlyList<string> states, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT DISTINCT shipper.batch_id
            FROM batch_blobs wanted
            JOIN batch_blobs shipper ON shipper.digest = wanted.digest AND shipper.shipped = 1 AND shipper.batch_id <> wanted.batch_id
            JOIN batches b ON b.id = shipper.batch_id
            WHERE wanted.batch_id = @batchId AND wanted.shipped = 0 AND {StateInStates.For(database)}
              AND NOT EXISTS (SELECT 1 FROM blobs WHERE blobs.digest = wanted.digest)
            ORDER BY shipper.batch_id
            """, new { batchId, states = states.ToArray() }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Records the batch's shipped blobs as published here (the first batch to publish a blob holds it); returns how many it shipped.</summary>
    public static async Task<long> PublishShippedAsync(DbConnection connection, DbTransaction transaction, string batchId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO blobs (digest, size, batch_id, published_utc)
            SELECT digest, size, batch_id, @now FROM batch_blobs WHERE batch_id = @batchId AND shipped = 1
            ON CONFLICT (digest) DO NOTHING
            """, new { batchId, now }, transaction, cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """SELECT COUNT(*) FROM batch_blobs WHERE batch_id = @batchId AND shipped = 1""",
            new { batchId }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The bytes of the blobs the batch carried (those it shipped, not those it references from earlier batches).</summary>
    public static Task<long> ShippedBytesAsync(DbConnection connection, DbTransaction transaction, string batchId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """SELECT COALESCE(SUM(size), 0) FROM batch_blobs WHERE batch_id = @batchId AND shipped = 1""",
            new { batchId }, transaction, cancellationToken: cancellationToken));

    /// <summary>For each artifact of a batch: how many blobs it needs and their total size.</summary>
    public async Task<IReadOnlyDictionary<long, ArtifactBlobTotals>> ArtifactTotalsAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // A tuple, not the record: with no rows (a batch refused before its artifacts were recorded) SQLite reports the aggregates'
        // types as blobs, and Dapper, which picks a record's constructor by the types before the first row, found none.
        var rows = await connection.QueryAsync<(long Position, long Blobs, long Bytes)>(new CommandDefinition(
            ArtifactTotals.For(database), new { batchId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Position, r => new ArtifactBlobTotals(r.Position, r.Blobs, r.Bytes));
    }

    /// <summary>How many blobs of one artifact another artifact (the previously published version) also needs.</summary>
    public async Task<long> SharedCountAsync(ArtifactRecord artifact, ArtifactRecord other, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            SharedCount,
            new { batchId = artifact.BatchId, position = artifact.Position, otherBatchId = other.BatchId, otherPosition = other.Position },
            cancellationToken: cancellationToken));
    }
}
