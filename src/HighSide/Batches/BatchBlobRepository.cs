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

    // An artifact's blobs_json is a JSON array of digests: SQLite's json_each, PostgreSQL's jsonb functions. CROSS JOIN keeps
    // SQLite from scanning the batch's blobs once per listed digest (minutes at 50,000); PostgreSQL plans the join itself.
    private static readonly ProviderSql ArtifactTotals = new(
        """
        SELECT a.position AS Position, json_array_length(a.blobs_json) AS Blobs,
            (SELECT COALESCE(SUM(bb.size), 0) FROM json_each(a.blobs_json) j
             CROSS JOIN batch_blobs bb ON bb.batch_id = a.batch_id AND bb.digest = j.value) AS Bytes
        FROM batch_artifacts a WHERE a.batch_id = @batchId
        """,
        """
        SELECT a.position AS Position, jsonb_array_length(a.blobs_json::JSONB)::BIGINT AS Blobs,
            (SELECT COALESCE(SUM(bb.size), 0)::BIGINT FROM jsonb_array_elements_text(a.blobs_json::JSONB) j(digest)
             JOIN batch_blobs bb ON bb.batch_id = a.batch_id AND bb.digest = j.digest) AS Bytes
        FROM batch_artifacts a WHERE a.batch_id = @batchId
        """);

    private static readonly ProviderSql SharedCount = new(
        """
        SELECT COUNT(*) FROM batch_artifacts a, json_each(a.blobs_json) j
        WHERE a.batch_id = @batchId AND a.position = @position
          AND j.value IN (SELECT o.value FROM batch_artifacts b, json_each(b.blobs_json) o WHERE b.batch_id = @otherBatchId AND b.position = @otherPosition)
        """,
        """
        SELECT COUNT(*) FROM batch_artifacts a, jsonb_array_elements_text(a.blobs_json::JSONB) j(digest)
        WHERE a.batch_id = @batchId AND a.position = @position
          AND j.digest IN (SELECT o.digest FROM batch_artifacts b, jsonb_array_elements_text(b.blobs_json::JSONB) o(digest)
                           WHERE b.batch_id = @otherBatchId AND b.position = @otherPosition)
        """);

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
        var rows = await connection.QueryAsync<ArtifactBlobTotals>(new CommandDefinition(
            ArtifactTotals.For(database), new { batchId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Position);
    }

    /// <summary>How many blobs of one artifact another artifact (the previously published version) also needs.</summary>
    public async Task<long> SharedCountAsync(ArtifactRecord artifact, ArtifactRecord other, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            SharedCount.For(database),
            new { batchId = artifact.BatchId, position = artifact.Position, otherBatchId = other.BatchId, otherPosition = other.Position },
            cancellationToken: cancellationToken));
    }
}
