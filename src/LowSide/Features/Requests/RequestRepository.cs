using System.Data.Common;
using Dapper;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>Requests and their gathered blobs in SQLite; one connection per operation.</summary>
internal sealed class RequestRepository(Database database, TimeProvider timeProvider)
{
    // What differs between the providers: Dapper expands a list parameter into IN (...) for SQLite, but hands it to
    // Npgsql as one array, which PostgreSQL compares with = ANY.
    private static readonly ProviderSql StatusInStatuses = new("status IN @Statuses", "status = ANY(@Statuses)");
    private static readonly ProviderSql StatusInFrom = new("status IN @From", "status = ANY(@From)");

    /// <summary>Stores a new request, with the document (lock file) it carries when its kind takes one.</summary>
    public async Task InsertAsync(ArtifactRequest request, CancellationToken ct, string? document = null)
    {
        await using var connection = await database.OpenAsync(ct);
        await InsertAsync(connection, null, request, document, ct);
    }

    /// <summary>
    /// Files <paramref name="part"/> under its parent unless the parent is in a batch being cut (whose id is returned) or has
    /// ended (its status is returned): one write transaction, so a cut that starts meanwhile either takes the parent before
    /// the part exists, or finds the part and waits for it to be gathered. Never a part filed under a chart that shipped
    /// without it.
    /// </summary>
    public async Task<(bool Inserted, string? CuttingBatch, string? ParentStatus)> InsertPartUnlessCuttingAsync(
        ArtifactRequest part, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(part.ParentId);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, ct);
        var cutting = await CuttingBatchAsync(connection, transaction, part.ParentId, ct);
        if (cutting is not null)
        {
            return (false, cutting, null);
        }

        var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT status FROM requests WHERE id = @Id", new { Id = part.ParentId }, transaction, cancellationToken: ct));
        if (status is null or RequestStatus.Shipped or RequestStatus.Cancelled)
        {
            return (false, null, status);
        }

        await InsertAsync(connection, transaction, part, null, ct);
        await transaction.CommitAsync(ct);
        return (true, null, status);
    }

    private static Task<int> InsertAsync(
        DbConnection connection, DbTransaction? transaction, ArtifactRequest request, string? document, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO requests (id, kind, source, name, version, platforms, expected_sha256, requester, requester_name,
                                  justification, ticket, status, attempts, parent_id, origin, created_utc, updated_utc, document)
            VALUES (@Id, @Kind, @Source, @Name, @Version, @PlatformList, @ExpectedSha256, @Requester, @RequesterName,
                    @Justification, @Ticket, @Status, 0, @ParentId, @Origin, @CreatedUtc, @CreatedUtc, @Document)
            """,
            new
            {
                request.Id,
                request.Kind,
                request.Source,
                request.Name,
                request.Version,
                PlatformList = request.Platforms.Count == 0 ? null : string.Join(',', request.Platforms),
                request.ExpectedSha256,
                request.Requester,
                request.RequesterName,
                request.Justification,
                request.Ticket,
                request.Status,
                request.ParentId,
                request.Origin,
                request.CreatedUtc,
                Document = document,
            },
            transaction,
            cancellationToken: ct));

    /// <summary>The document (lock file) a request carries, or null.</summary>
    public async Task<string?> GetDocumentAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT document FROM requests WHERE id = @Id", new { Id = id }, cancellationToken: ct));
    }

    public async Task<ArtifactRequest?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            RequestRows.Select + " WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return (await RequestRows.ReadAllAsync(reader, ct)).SingleOrDefault();
    }

    /// <summary>The requests in any of <paramref name="statuses"/>, parts included, oldest first.</summary>
    public async Task<IReadOnlyList<ArtifactRequest>> ListAsync(IReadOnlyCollection<string> statuses, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        await using var connection = await database.OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            RequestRows.Select + " WHERE " + StatusInStatuses.For(database) + " ORDER BY created_utc, id",
            new { Statuses = statuses.ToArray() }, cancellationToken: ct));
        return await RequestRows.ReadAllAsync(reader, ct);
    }

    /// <summary>The requests that are not parts of another, oldest first.</summary>
    public async Task<IReadOnlyList<ArtifactRequest>> ListTopLevelAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await RequestRows.ListTopLevelAsync(connection, ct);
    }

    /// <summary>The parts of a request (the images a chart needs), oldest first.</summary>
    public async Task<IReadOnlyList<ArtifactRequest>> ListPartsAsync(string parentId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            RequestRows.Select + " WHERE parent_id = @ParentId ORDER BY created_utc, id", new { ParentId = parentId }, cancellationToken: ct));
        return await RequestRows.ReadAllAsync(reader, ct);
    }

    public async Task<IReadOnlyList<RequestBlob>> GetBlobsAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RequestBlob>(new CommandDefinition("""
            SELECT digest AS Digest, size AS Size FROM request_blobs WHERE request_id = @Id ORDER BY position
            """, new { Id = id }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>The upstream manifests gathered with an image, in the order found.</summary>
    public async Task<IReadOnlyList<ManifestAttachment>> GetAttachmentsAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ManifestAttachment>(new CommandDefinition("""
            SELECT kind AS Kind, tag AS Tag, digest AS Digest, media_type AS MediaType
            FROM request_attachments WHERE request_id = @Id ORDER BY position
            """, new { Id = id }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// Cancels request <paramref name="id"/> from one of <paramref name="from"/> unless <paramref name="shippedWith"/> (the request
    /// itself, or the chart a part ships with) is in a batch being cut, whose id is then returned: one write transaction,
    /// so a cut that starts meanwhile either takes the request before it is cancelled or never sees it.
    /// </summary>
    public async Task<(bool Cancelled, string? CuttingBatch)> CancelUnlessCuttingAsync(
        string id, string shippedWith, IReadOnlyCollection<string> from, string? reason, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, ct);
        var cutting = await CuttingBatchAsync(connection, transaction, shippedWith, ct);
        if (cutting is not null)
        {
            return (false, cutting);
        }

        var changed = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE requests SET status = 'cancelled', failure = @Reason, failure_code = NULL, updated_utc = @Now WHERE id = @Id AND {StatusInFrom.For(database)}
            """, new { Id = id, From = from.ToArray(), Reason = reason, Now = timeProvider.GetUtcNow() }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (changed == 1, null);
    }

    // The batch being cut that holds request `id`, if any.
    private static Task<string?> CuttingBatchAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            SELECT b.id FROM batch_requests r JOIN batches b ON b.id = r.batch_id
            WHERE r.request_id = @Id AND b.status = 'cutting'
            """, new { Id = id }, transaction, cancellationToken: ct));

    /// <summary>Moves a request from one of <paramref name="from"/> to <paramref name="to"/>; false when it was in another state.</summary>
    public async Task<bool> TransitionAsync(string id, IReadOnlyCollection<string> from, string to, string? failure, CancellationToken ct,
        string? failureCode = null)
    {
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE requests SET status = @To, failure = @Failure, failure_code = @FailureCode, updated_utc = @Now,
                   attempts = attempts + CASE WHEN @To = 'gathering' THEN 1 ELSE 0 END
            WHERE id = @Id AND {StatusInFrom.For(database)}
            """,
            new { Id = id, From = from.ToArray(), To = to, Failure = failure, FailureCode = failureCode, Now = timeProvider.GetUtcNow() },
            cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>
    /// Records what gathering found and marks the request gathered in the caller's audited transaction, and clears the claim; false (and
    /// nothing written) unless <paramref name="worker"/> still holds the claim.
    /// </summary>
    public async Task<bool> CompleteGatherAsync(
        AuditedTransaction audited,
        string id,
        string worker,
        GatheredArtifact gathered,
        CancellationToken ct)
    {
        var (connection, transaction) = (audited.Connection, audited.Transaction);
        var (digest, mediaType, blobs, attachments) = (gathered.Digest, gathered.MediaType, gathered.Blobs, gathered.Attachments ?? []);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE requests SET status = 'gathered', failure = NULL, failure_code = NULL, resolved_digest = @Digest, media_type = @MediaType,
                   updated_utc = @Now, claimed_by = NULL, claim_expires_utc = NULL
            WHERE id = @Id AND status = 'gathering' AND claimed_by = @Worker
            """,
            new { Id = id, Worker = worker, Digest = digest, MediaType = mediaType, Now = timeProvider.GetUtcNow() }, transaction, cancellationToken: ct));
        if (changed != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM request_blobs WHERE request_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO request_blobs (request_id, position, digest, size) VALUES (@RequestId, @Position, @Digest, @Size)
            """,
            blobs.Select((b, i) => new { RequestId = id, Position = i, b.Digest, b.Size }), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM request_attachments WHERE request_id = @Id", new { Id = id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO request_attachments (request_id, position, kind, tag, digest, media_type)
            VALUES (@RequestId, @Position, @Kind, @Tag, @Digest, @MediaType)
            """,
            attachments.Select((a, i) => new { RequestId = id, Position = i, a.Kind, a.Tag, a.Digest, a.MediaType }),
            transaction,
            cancellationToken: ct));
        return true;
    }
}
