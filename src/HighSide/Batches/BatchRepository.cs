using System.Data.Common;
using Dapper;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Batches;

/// <summary>Batches, their volumes and artifacts. One connection per operation; writers pass their transaction.</summary>
internal sealed class BatchRepository(Database database)
{
    private const string Columns = """
        id AS Id, batch_id AS BatchId, site_id AS SiteId, sequence AS Sequence, state AS State, reason_code AS ReasonCode,
        reason AS Reason, manifest_sha256 AS ManifestSha256, key_id AS KeyId,
        volume_count AS VolumeCount, payload_bytes AS PayloadBytes, created_utc AS CreatedUtc, expires_utc AS ExpiresUtc,
        imported_utc AS ImportedUtc, updated_utc AS UpdatedUtc, waiting_for AS WaitingFor
        """;

    private const string ArtifactColumns = """
        batch_id AS BatchId, position AS Position, kind AS Kind, source AS Source, digest AS Digest, media_type AS MediaType,
        name AS Name, version AS Version, requester AS Requester, request_id AS RequestId, justification AS Justification,
        ticket AS Ticket, published_utc AS PublishedUtc
        """;

    // Dapper expands a list parameter into IN (...) for SQLite, but hands it to Npgsql as one array, compared with = ANY.
    private static readonly ProviderSql StateInStates = new("state IN @states", "state = ANY(@states)");

    public async Task<BatchRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM batches WHERE id = @id""", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The state the audit trail last recorded for batch <paramref name="id"/> (each transition's entry carries it, and
    /// <c>batch.published</c> ends a publish), or null when it recorded none. Unlike the row's state, a database writer cannot
    /// change it without rewriting the trail.
    /// </summary>
    public async Task<string?> LastAuditedStateAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Newest first, read only as far as the first state: publishing asks before every artifact, so the run's own
        // artifact.published entries (which carry none) are left out rather than read again each time.
        var entries = connection.QueryUnbufferedAsync<(string Action, string Details)>(
            """
            SELECT action, details_json FROM audit_entries WHERE subject = @id AND action <> 'artifact.published' ORDER BY sequence DESC
            """, new { id });
        await foreach (var (action, details) in entries.WithCancellation(cancellationToken))
        {
            if (action == "batch.published")
            {
                return BatchStates.Published;
            }

            if (AuditDetails.Parse(details).Text("state") is { } state)
            {
                return state;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<BatchRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<BatchRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM batches ORDER BY imported_utc, id""", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<BatchRecord>> InStatesAsync(IReadOnlyList<string> states, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<BatchRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM batches WHERE {StateInStates.For(database)} ORDER BY site_id, sequence""", new { states = states.ToArray() },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The non-refused batch holding this site and sequence, if any.</summary>
    public async Task<BatchRecord?> FindBySequenceAsync(string siteId, long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM batches WHERE site_id = @siteId AND sequence = @sequence AND state <> 'refused'""",
            new { siteId, sequence }, cancellationToken: cancellationToken));
    }

    /// <summary>Batches refused before <paramref name="cutoff"/>. Only published batches hold blobs others rely on, so their copies may go.</summary>
    public async Task<IReadOnlyList<BatchRecord>> RefusedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<BatchRecord>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM batches
            WHERE state = 'refused' AND updated_utc < @cutoff
            ORDER BY updated_utc, id
            """, new { cutoff }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<long?> HighestSequenceAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """SELECT MAX(sequence) FROM batches WHERE site_id = @siteId AND state <> 'refused'""",
            new { siteId }, cancellationToken: cancellationToken));
    }

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) => await FindAsync(id, cancellationToken) is not null;

    public async Task<IReadOnlyDictionary<string, int>> ArtifactCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string BatchId, long Count)>(new CommandDefinition(
            """SELECT batch_id, COUNT(*) FROM batch_artifacts GROUP BY batch_id""", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.BatchId, r => (int)r.Count, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<long>> VolumeNumbersAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(new CommandDefinition(
            """SELECT number FROM batch_volumes WHERE batch_id = @id ORDER BY number""", new { id }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> VolumeKnownAsync(string sumsSha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """SELECT COUNT(*) FROM batch_volumes WHERE sums_sha256 = @sumsSha256""", new { sumsSha256 }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The batch and volume number of the volume whose SHA256SUMS has this SHA-256, if one is in quarantine.</summary>
    public async Task<(string BatchId, int Number)?> FindVolumeAsync(string sumsSha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string BatchId, long Number)>(new CommandDefinition(
            """SELECT batch_id, number FROM batch_volumes WHERE sums_sha256 = @sumsSha256 ORDER BY imported_utc LIMIT 1""",
            new { sumsSha256 }, cancellationToken: cancellationToken));
        return rows.Select(r => ((string, int)?)(r.BatchId, (int)r.Number)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ArtifactRecord>> ArtifactsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArtifactRecord>(new CommandDefinition(
            $"""SELECT {ArtifactColumns} FROM batch_artifacts WHERE batch_id = @id ORDER BY position""", new { id }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The newest published artifact of this kind and name in another batch: what an officer compares with.</summary>
    public async Task<ArtifactRecord?> PreviousPublishedAsync(string kind, string name, string exceptBatch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<ArtifactRecord>(new CommandDefinition(
            $"""
            SELECT {ArtifactColumns} FROM batch_artifacts
            WHERE kind = @kind AND name = @name AND batch_id <> @exceptBatch AND published_utc IS NOT NULL
            ORDER BY published_utc DESC LIMIT 1
            """, new { kind, name, exceptBatch }, cancellationToken: cancellationToken));
    }

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, BatchRecord batch, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batches (id, batch_id, site_id, sequence, state, reason_code, reason, manifest_sha256, key_id,
                volume_count, payload_bytes, created_utc, expires_utc, imported_utc, updated_utc, waiting_for)
            VALUES (@Id, @BatchId, @SiteId, @Sequence, @State, @ReasonCode, @Reason, @ManifestSha256, @KeyId,
                @VolumeCount, @PayloadBytes, @CreatedUtc, @ExpiresUtc, @ImportedUtc, @UpdatedUtc, @WaitingFor)
            """, batch, transaction, cancellationToken: cancellationToken));

    public static Task InsertArtifactsAsync(DbConnection connection, DbTransaction transaction, string id, BatchManifest manifest,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_artifacts (batch_id, position, kind, source, digest, media_type, name, version, requester, request_id,
                justification, ticket)
            VALUES (@BatchId, @Position, @Kind, @Source, @Digest, @MediaType, @Name, @Version, @Requester, @RequestId,
                @Justification, @Ticket)
            """,
            manifest.Artifacts.Select((a, i) => new
            {
                BatchId = id,
                Position = i,
                a.Kind,
                a.Source,
                a.Digest,
                a.MediaType,
                a.Name,
                a.Version,
                a.Requester,
                a.RequestId,
                a.Justification,
                a.Ticket,
            }), transaction, cancellationToken: cancellationToken));

    public static Task InsertVolumeAsync(DbConnection connection, DbTransaction transaction, string id, int number, string sumsSha256,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """INSERT INTO batch_volumes (batch_id, number, sums_sha256, imported_utc) VALUES (@id, @number, @sumsSha256, @now)""",
            new { id, number, sumsSha256, now }, transaction, cancellationToken: cancellationToken));

    /// <summary>Moves a batch to <paramref name="state"/> unless it is already refused or rejected.</summary>
    public static Task<int> SetStateAsync(DbConnection connection, DbTransaction? transaction, string id, string state, string? reasonCode,
        string? reason, string? waitingFor, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batches SET state = @state, reason_code = @reasonCode, reason = @reason, waiting_for = @waitingFor, updated_utc = @now
            WHERE id = @id AND state NOT IN ('refused', 'rejected')
            """, new { id, state, reasonCode, reason, waitingFor, now }, transaction, cancellationToken: cancellationToken));

    /// <summary>Refuses every not yet published batch signed with <paramref name="keyId"/>; returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> RefuseSignedByAsync(DbConnection connection, DbTransaction transaction, string keyId,
        string reasonCode, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            """
            UPDATE batches SET state = 'refused', reason_code = @reasonCode, reason = @reason, waiting_for = NULL, updated_utc = @now
            WHERE key_id = @keyId AND state NOT IN ('published', 'refused', 'rejected')
            RETURNING id
            """, new { keyId, reasonCode, reason, now }, transaction, cancellationToken: cancellationToken));
        return ids.AsList();
    }

    /// <summary>Records one artifact as published in the caller's transaction (with its audit entry: a kill never parts them).</summary>
    public static Task MarkArtifactPublishedAsync(
        DbConnection connection, DbTransaction transaction, string id, long position, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """UPDATE batch_artifacts SET published_utc = @now WHERE batch_id = @id AND position = @position""",
            new { id, position, now }, transaction, cancellationToken: cancellationToken));
}
