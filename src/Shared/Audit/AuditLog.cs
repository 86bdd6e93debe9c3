using System.Data.Common;
using System.Buffers;
using System.Runtime.CompilerServices;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// The tamper-evident audit trail: a hash chain of <see cref="AuditEntry"/> rows in SQLite, a
/// JSON-lines mirror of it, signed checkpoints that catch a cut-off tail, and anchors kept outside
/// the keeper's reach that catch a rewrite even by someone holding the checkpoint key.
/// </summary>
/// <remarks>
/// <para>The database is the truth. Every append commits there first and is then written to the
/// mirror and fsynced; if the process dies in between, the next append or
/// <see cref="SyncMirrorAsync"/> writes the missing lines, in order. The mirror can always be
/// rebuilt with <see cref="ExportAsync"/>.</para>
/// <para>The database must include <see cref="AuditMigrations.CreateTables"/> in its migrations.
/// Safe to share between threads; several processes may append to the same database.</para>
/// </remarks>
public sealed class AuditLog
{
    private const int ExportFlushThreshold = 64 * 1024;

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly AuditMirror _mirror;
    private readonly AuditCheckpointFile _checkpointFile;
    private readonly AuditCheckpointWriter _checkpoints;
    private readonly AuditVerifier _verifier;
    private readonly AuditAnchorChecker _anchors;

    /// <summary>
    /// Creates the log. Checkpoints go to a side file beside the mirror: <c>audit.jsonl</c> gets
    /// <c>audit.checkpoints.jsonl</c>.
    /// </summary>
    public AuditLog(Database database, string mirrorPath, TimeProvider timeProvider)
        : this(database, mirrorPath, DefaultCheckpointPath(mirrorPath), timeProvider)
    {
    }

    /// <summary>Creates the log.</summary>
    /// <param name="database">The side's database, migrated with <see cref="AuditMigrations"/>.</param>
    /// <param name="mirrorPath">The JSON-lines mirror; created 0600 with its directory when missing.</param>
    /// <param name="checkpointPath">The side file of signed checkpoints; best kept on separate storage.</param>
    /// <param name="timeProvider">The clock that stamps entries.</param>
    public AuditLog(Database database, string mirrorPath, string checkpointPath, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(mirrorPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        ArgumentNullException.ThrowIfNull(timeProvider);

        _database = database;
        _timeProvider = timeProvider;
        _mirror = new AuditMirror(database, Path.GetFullPath(mirrorPath));
        _checkpointFile = new AuditCheckpointFile(Path.GetFullPath(checkpointPath));
        _checkpoints = new AuditCheckpointWriter(database, _checkpointFile, timeProvider);
        _verifier = new AuditVerifier(database, _checkpointFile);
        _anchors = new AuditAnchorChecker(database);
    }

    /// <summary>The full path of the JSON-lines mirror.</summary>
    public string MirrorPath => _mirror.Path;

    /// <summary>The full path of the checkpoint side file.</summary>
    public string CheckpointPath => _checkpointFile.Path;

    /// <summary>
    /// Appends an entry in its own transaction, then brings the mirror up to date. Concurrent
    /// appenders, in this process or others, are serialized and the chain stays one line.
    /// </summary>
    /// <param name="actor">Who acted; not empty, no control characters.</param>
    /// <param name="action">What happened, e.g. <c>batch.rejected</c>; not empty, no control characters.</param>
    /// <param name="subject">What it happened to; may be empty, no control characters.</param>
    /// <param name="details">An object serialized to a JSON object (camelCase), or null for <c>{}</c>.</param>
    /// <param name="cancellationToken">Observed until the entry commits, not after.</param>
    /// <returns>The committed entry.</returns>
    /// <exception cref="IOException">
    /// The mirror could not be written. The entry is committed all the same; the next append or
    /// <see cref="SyncMirrorAsync"/> writes it to the mirror.
    /// </exception>
    public async Task<AuditEntry> AppendAsync(
        string actor, string action, string subject, object? details, CancellationToken cancellationToken)
    {
        var detailsJson = Validate(actor, action, subject, details);
        AuditEntry entry;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var transaction = await _database.BeginWriteAsync(connection, cancellationToken))
        {
            entry = await AppendCoreAsync(connection, transaction, actor, action, subject, detailsJson, cancellationToken);
            transaction.Commit();
        }

        // Committed: a caller that saw cancellation now would retry and log the event twice.
        await SyncMirrorAsync(CancellationToken.None);
        return entry;
    }

    /// <summary>
    /// Appends an entry inside the caller's transaction, so that a state change and its audit
    /// entry commit or roll back together. The mirror is not written: after committing, call
    /// <see cref="SyncMirrorAsync"/> (or let the next append do it).
    /// </summary>
    /// <remarks>
    /// Begin the transaction with <c>BeginTransaction()</c> (BEGIN IMMEDIATE, the default), not a
    /// deferred one: a deferred transaction that reads the chain head before another process
    /// appends fails with SQLITE_BUSY instead of waiting.
    /// </remarks>
    /// <returns>The entry, which exists only once the caller commits.</returns>
    public Task<AuditEntry> AppendAsync(
        DbConnection connection,
        DbTransaction transaction,
        string actor,
        string action,
        string subject,
        object? details,
        CancellationToken cancellationToken)
    {
        RequireTransactionOn(connection, transaction);
        var detailsJson = Validate(actor, action, subject, details);
        return AppendCoreAsync(connection, transaction, actor, action, subject, detailsJson, cancellationToken);
    }

    /// <summary>
    /// Writes to the mirror every committed entry it does not hold yet, in order, and to the checkpoint
    /// side file the newest committed checkpoint if it does not hold it yet; fsyncs both.
    /// </summary>
    public async Task SyncMirrorAsync(CancellationToken cancellationToken)
    {
        await _mirror.SyncAsync(cancellationToken);
        await _checkpoints.SyncFileAsync(cancellationToken);
    }

    /// <summary>
    /// Signs the current head of the log and stores the checkpoint in the database and the side file.
    /// A checkpoint pins the log as it is; run <see cref="VerifyAsync(IAuditCheckpointVerifier, CancellationToken)"/>
    /// first if it should also vouch for the entries before it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The log is empty.</exception>
    public Task<AuditCheckpoint> WriteCheckpointAsync(IAuditCheckpointSigner signer, CancellationToken cancellationToken) =>
        _checkpoints.WriteAsync(signer, cancellationToken);

    /// <summary>
    /// Signs the head as the caller's transaction sees it and stores the checkpoint in that transaction,
    /// so entries and the checkpoint that covers them commit together and no reader ever sees them
    /// uncovered. The side file gets the checkpoint at the next <see cref="SyncMirrorAsync"/>, after the
    /// commit: a line written before a commit that then failed would name an entry that never existed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The log is empty.</exception>
    public Task<AuditCheckpoint> WriteCheckpointAsync(
        DbConnection connection, DbTransaction transaction, IAuditCheckpointSigner signer, CancellationToken cancellationToken)
    {
        RequireTransactionOn(connection, transaction);
        return _checkpoints.WriteAsync(connection, transaction, signer, cancellationToken);
    }

    /// <summary>
    /// The newest entry as an anchor named <paramref name="source"/>, for a receipt or a statement to
    /// carry out of the keeper's reach; null while the log is empty.
    /// </summary>
    public async Task<AuditAnchor?> HeadAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var head = await AuditHead.ReadAsync(connection, null, cancellationToken);
        return head is null ? null : new AuditAnchor(head.Sequence, head.Hash, source);
    }

    /// <summary>
    /// Checks anchors kept outside the keeper's reach against the log: each anchored entry must still be
    /// there with the anchored hash. Reports the bad anchor with the lowest sequence number: its entry is
    /// missing (the log was cut after the anchor was taken) or holds another hash (the history was
    /// rewritten). Combine with <see cref="VerifyAsync(IAuditCheckpointVerifier, CancellationToken)"/>:
    /// a matching anchor vouches for the entries before it only if the chain verifies.
    /// </summary>
    /// <exception cref="ArgumentException">An anchor is null, has a sequence below 1, or no hash or source.</exception>
    public Task<AuditAnchorCheck> CheckAnchorsAsync(IEnumerable<AuditAnchor> anchors, CancellationToken cancellationToken) =>
        _anchors.CheckAsync(anchors, cancellationToken);

    /// <summary>Verifies every hash and link, streaming; does not check checkpoints, so cannot see truncation.</summary>
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(null, cancellationToken);

    /// <summary>
    /// Verifies every hash and link, streaming, then every signed checkpoint in the table and the
    /// side file: its signature, that the log still holds its entry, and that the log has not
    /// been cut off before it. Reports the first bad entry.
    /// </summary>
    public Task<AuditVerification> VerifyAsync(IAuditCheckpointVerifier checkpointVerifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpointVerifier);
        return _verifier.VerifyAsync(checkpointVerifier, cancellationToken);
    }

    /// <summary>
    /// Writes every entry as one JSON line, in sequence order, streaming: the mirror's format, which
    /// carries exactly the hashed fields so each line can be re-hashed by an outside tool:
    /// <code>{"sequence":1,"timestamp":"2025-01-01T00:00:00.0000000+00:00","actor":"system","action":"batch.imported",
    /// "subject":"b1","detailsJson":"{}","previousHash":"000…","hash":"…"}</code> (one line, wrapped here)
    /// </summary>
    public async Task ExportAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredAuditEntry.Columns} FROM audit_entries ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var buffer = new ArrayBufferWriter<byte>(ExportFlushThreshold);
        while (await reader.ReadAsync(cancellationToken))
        {
            AuditJsonLines.WriteEntry(buffer, StoredAuditEntry.Read(reader));
            if (buffer.WrittenCount >= ExportFlushThreshold)
            {
                await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await destination.FlushAsync(cancellationToken);
    }

    /// <summary>Streams the entries after <paramref name="afterSequence"/>, in order.</summary>
    public async IAsyncEnumerable<AuditEntry> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredAuditEntry.Columns} FROM audit_entries WHERE sequence > @after ORDER BY sequence";
        command.AddParameter("@after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return StoredAuditEntry.Read(reader).ToEntry();
        }
    }

    private async Task<AuditEntry> AppendCoreAsync(
        DbConnection connection,
        DbTransaction transaction,
        string actor,
        string action,
        string subject,
        string detailsJson,
        CancellationToken cancellationToken)
    {
        var head = await AuditHead.ReadAsync(connection, transaction, cancellationToken);
        var sequence = (head?.Sequence ?? 0) + 1;
        var previousHash = head?.Hash ?? AuditEntry.GenesisHash;
        var timestamp = _timeProvider.GetUtcNow().ToUniversalTime();
        var timestampText = AuditHasher.FormatTimestamp(timestamp);
        var hash = AuditHasher.ComputeEntryHash(sequence, timestampText, actor, action, subject, detailsJson, previousHash);

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_entries (sequence, timestamp_utc, actor, action, subject, details_json, previous_hash, hash)
            VALUES (@sequence, @timestampText, @actor, @action, @subject, @detailsJson, @previousHash, @hash)
            """,
            new { sequence, timestampText, actor, action, subject, detailsJson, previousHash, hash },
            transaction,
            cancellationToken: cancellationToken));
        return new AuditEntry(sequence, timestamp, actor, action, subject, detailsJson, previousHash, hash);
    }

    private static void RequireTransactionOn(DbConnection connection, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        if (!ReferenceEquals(transaction.Connection, connection))
        {
            throw new ArgumentException("The transaction is not open on this connection.", nameof(transaction));
        }
    }

    private static string Validate(string actor, string action, string subject, object? details)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(subject);
        RejectUnprintable(actor, nameof(actor));
        RejectUnprintable(action, nameof(action));
        RejectUnprintable(subject, nameof(subject));
        return CanonicalJson.SerializeObject(details, nameof(details));
    }

    private static void RejectUnprintable(string value, string parameterName)
    {
        if (value.Any(char.IsControl) || !AuditHasher.IsEncodable(value))
        {
            throw new ArgumentException("Audit fields may not hold control characters or broken Unicode.", parameterName);
        }
    }

    private static string DefaultCheckpointPath(string mirrorPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mirrorPath);
        return Path.ChangeExtension(mirrorPath, ".checkpoints.jsonl");
    }
}
