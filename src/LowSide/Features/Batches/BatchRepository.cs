using System.Data;
using Dapper;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>Batches, their requests and sequence numbers in SQLite; one connection per operation.</summary>
internal sealed class BatchRepository(Database database, TimeProvider timeProvider)
{
    // The one statement that differs between the providers: Dapper expands a list parameter into IN (...) for SQLite,
    // but hands it to Npgsql as one array, which PostgreSQL compares with = ANY.
    private static readonly ProviderSql PartsOfRequests = new(
        "SELECT id FROM requests WHERE parent_id IN @Ids AND status = 'gathered' ORDER BY created_utc, id",
        "SELECT id FROM requests WHERE parent_id = ANY(@Ids) AND status = 'gathered' ORDER BY created_utc, id");

    private const string SelectColumns = """
        SELECT id AS Id, sequence AS Sequence, status AS Status, media_directory AS MediaDirectory, volume_size AS VolumeSize,
               volume_count AS VolumeCount, payload_bytes AS PayloadBytes, manifest_sha256 AS ManifestSha256, failure AS Failure,
               created_utc AS CreatedUtc, shipped_utc AS ShippedUtc
        FROM batches
        """;

    // A request waits for a batch once it and every part not dropped are gathered; a part never goes alone.
    private const string Ready = """
        r.status = 'gathered' AND r.parent_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM requests p WHERE p.parent_id = r.id AND p.status NOT IN ('gathered', 'cancelled'))
        """;

    /// <summary>
    /// Assigns the next sequence and records a batch as cutting with the gathered requests, oldest first,
    /// within <paramref name="budget"/> (always at least one request), in one transaction; null when
    /// nothing waits. A batch already cutting (left by a crash) is returned instead.
    /// </summary>
    public async Task<(BatchRecord? Batch, bool Resumed)> StartAsync(
        string siteId, string mediaDirectory, long volumeSize, CutBudget budget, CancellationToken ct, bool resumeOnly = false)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, ct);
        var cutting = await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            SelectColumns + " WHERE status = 'cutting'", transaction: transaction, cancellationToken: ct));
        if (cutting is not null)
        {
            return (await WithRequestsAsync(connection, transaction, cutting, ct), true);
        }

        if (resumeOnly)
        {
            return (null, false);
        }

        // The plan's estimate (CutBudget.PlanLineAllowance): octet_length is the UTF-8 bytes in SQLite and PostgreSQL alike.
        var waiting = await connection.QueryAsync<(string Id, long Blobs, long Artifacts, long PlanBytes)>(new CommandDefinition($"""
            SELECT r.id, (SELECT COUNT(*) FROM request_blobs b WHERE b.request_id = r.id
                          OR b.request_id IN (SELECT p.id FROM requests p WHERE p.parent_id = r.id AND p.status = 'gathered')),
                   1 + (SELECT COUNT(*) FROM requests p WHERE p.parent_id = r.id AND p.status = 'gathered'),
                   {PlanLineBytes("r")}
                   + (SELECT COALESCE(SUM({PlanLineBytes("p")}), 0) FROM requests p WHERE p.parent_id = r.id AND p.status = 'gathered')
                   + (SELECT COALESCE(SUM(octet_length(t.kind) + COALESCE(octet_length(t.tag), octet_length(t.digest)) + 2), 0)
                      FROM request_attachments t WHERE t.request_id = r.id
                      OR t.request_id IN (SELECT p.id FROM requests p WHERE p.parent_id = r.id AND p.status = 'gathered'))
            FROM requests r WHERE {Ready} ORDER BY r.created_utc, r.id
            """, new { Allowance = CutBudget.PlanLineAllowance }, transaction, cancellationToken: ct));
        var requestIds = budget.Take(waiting);
        if (requestIds.Count == 0)
        {
            return (null, false);
        }

        // A request's parts (the images its chart needs) go with it.
        requestIds.AddRange(await connection.QueryAsync<string>(new CommandDefinition(
            PartsOfRequests.For(database), new { Ids = requestIds.ToArray() }, transaction, cancellationToken: ct)));

        var sequence = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(sequence), 0) + 1 FROM batches", transaction: transaction, cancellationToken: ct));
        var id = BatchIdentifiers.BatchIdFor(siteId, sequence);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO batches (id, sequence, status, media_directory, volume_size, created_utc)
            VALUES (@Id, @Sequence, 'cutting', @MediaDirectory, @VolumeSize, @Now)
            """,
            new { Id = id, Sequence = sequence, MediaDirectory = mediaDirectory, VolumeSize = volumeSize, Now = timeProvider.GetUtcNow() },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO batch_requests (batch_id, request_id) VALUES (@BatchId, @RequestId)",
            requestIds.Select(r => new { BatchId = id, RequestId = r }), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (await GetAsync(id, ct), false);
    }

    // One artifact's plan line, estimated from the request's row named by the alias (a chart's line names its name and
    // version twice).
    private static string PlanLineBytes(string alias) =>
        $"(octet_length({alias}.kind) + octet_length({alias}.source) + 2 * COALESCE(octet_length({alias}.name), 0) "
        + $"+ 2 * COALESCE(octet_length({alias}.version), 0) + @Allowance)";

    /// <summary>Gathered requests no batch has taken yet.</summary>
    public async Task<int> CountWaitingAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM requests r WHERE {Ready}", cancellationToken: ct));
    }

    public async Task<BatchRecord?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var batch = await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            SelectColumns + " WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return batch is null ? null : await WithRequestsAsync(connection, null, batch, ct);
    }

    public async Task<IReadOnlyList<BatchRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var batches = await connection.QueryAsync<BatchRecord>(new CommandDefinition(SelectColumns + " ORDER BY sequence", cancellationToken: ct));
        // One query for every batch's requests rather than one per batch.
        var requests = (await connection.QueryAsync<(string BatchId, string RequestId)>(new CommandDefinition(
                "SELECT batch_id, request_id FROM batch_requests ORDER BY batch_id, request_id", cancellationToken: ct)))
            .ToLookup(r => r.BatchId, r => r.RequestId, StringComparer.Ordinal);
        return batches.Select(b => b with { RequestIds = requests[b.Id].ToList() }).ToList();
    }

    /// <summary>
    /// The blobs of this batch's requests that a receipt says the high side holds: only these, since every blob ever
    /// received would grow with the site's history (issue 18).
    /// </summary>
    public async Task<IReadOnlySet<string>> BlobsPresentOnHighSideAsync(string batchId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var digests = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT DISTINCT h.digest
            FROM batch_requests br
            JOIN request_blobs rb ON rb.request_id = br.request_id
            JOIN high_side_blobs h ON h.digest = rb.digest
            WHERE br.batch_id = @BatchId
            """, new { BatchId = batchId }, cancellationToken: ct));
        return digests.ToHashSet(StringComparer.Ordinal);
    }

    public async Task UpdateMediaDirectoryAsync(string id, string mediaDirectory, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batches SET media_directory = @MediaDirectory WHERE id = @Id AND status = 'cutting'",
            new { Id = id, MediaDirectory = mediaDirectory }, cancellationToken: ct));
    }

    /// <summary>Marks the batch shipped and its requests with it, in one transaction.</summary>
    public async Task MarkShippedAsync(string id, string manifestSha256, int volumeCount, long payloadBytes, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, ct);
        var now = timeProvider.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE batches SET status = 'shipped', manifest_sha256 = @ManifestSha256, volume_count = @VolumeCount,
                   payload_bytes = @PayloadBytes, shipped_utc = @Now, failure = NULL
            WHERE id = @Id AND status = 'cutting'
            """,
            new { Id = id, ManifestSha256 = manifestSha256, VolumeCount = volumeCount, PayloadBytes = payloadBytes, Now = now },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET status = 'shipped', updated_utc = @Now
            WHERE id IN (SELECT request_id FROM batch_requests WHERE batch_id = @Id) AND status IN ('gathered', 'cancelled')
            """,
            new { Id = id, Now = now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Written but not verified: the sequence is spent (the media may hold it), the requests wait for the next batch.</summary>
    public async Task MarkFailedAsync(string id, string reason, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batches SET status = 'failed', failure = @Reason WHERE id = @Id AND status = 'cutting'",
            new { Id = id, Reason = reason }, cancellationToken: ct));
    }

    /// <summary>Nothing was written (the media lacked room): forget the batch so that its sequence is used by the next one.</summary>
    public async Task DiscardAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM batch_requests WHERE batch_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM batches WHERE id = @Id AND status = 'cutting'", new { Id = id }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    private static async Task<BatchRecord> WithRequestsAsync(
        System.Data.Common.DbConnection connection,
        IDbTransaction? transaction,
        BatchRecord batch,
        CancellationToken ct)
    {
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT request_id FROM batch_requests WHERE batch_id = @Id ORDER BY request_id", new { batch.Id }, transaction, cancellationToken: ct));
        return batch with { RequestIds = ids.AsList() };
    }
}
