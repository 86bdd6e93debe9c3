using System.Data.Common;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Audit;

/// <summary>Signs the head of the log and stores the checkpoint in the table and the side file.</summary>
internal sealed class AuditCheckpointWriter(Database database, AuditCheckpointFile file, TimeProvider timeProvider)
{
    /// <summary>In a transaction of its own; the side file gets the line before the commit.</summary>
    public async Task<AuditCheckpoint> WriteAsync(IAuditCheckpointSigner signer, CancellationToken cancellationToken)
    {
        var keyId = KeyIdOf(signer);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var checkpoint = await InsertAsync(connection, transaction, signer, keyId, cancellationToken);

        // Written under the write lock, before commit: should the commit fail, the line still
        // names an entry that exists, so it stays true.
        await file.AppendAsync(checkpoint, cancellationToken);
        transaction.Commit();
        return checkpoint;
    }

    /// <summary>In the caller's transaction; the side file gets the line from <see cref="SyncFileAsync"/> after the commit.</summary>
    public Task<AuditCheckpoint> WriteAsync(
        DbConnection connection, DbTransaction transaction, IAuditCheckpointSigner signer, CancellationToken cancellationToken) =>
        InsertAsync(connection, transaction, signer, KeyIdOf(signer), cancellationToken);

    /// <summary>Appends the newest committed checkpoint to the side file unless it holds it already.</summary>
    public async Task SyncFileAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // Writes nothing to the database: the write lock serializes the side file's appenders.
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var newest = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT sequence AS Sequence, hash AS Hash, timestamp_utc AS Timestamp, key_id AS KeyId, signature AS Signature
            FROM audit_checkpoints ORDER BY sequence DESC, id DESC LIMIT 1
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));
        if (newest is not null && AuditHasher.TryParseTimestamp(newest.Timestamp, out var timestamp))
        {
            var checkpoint = new AuditCheckpoint(newest.Sequence, newest.Hash, timestamp, newest.KeyId, newest.Signature);
            await file.AppendIfNewerAsync(checkpoint, cancellationToken);
        }
    }

    private async Task<AuditCheckpoint> InsertAsync(
        DbConnection connection, DbTransaction transaction, IAuditCheckpointSigner signer, string keyId, CancellationToken cancellationToken)
    {
        var head = await AuditHead.ReadAsync(connection, transaction, cancellationToken)
            ?? throw new InvalidOperationException("The audit log is empty: there is nothing to checkpoint.");

        var timestamp = timeProvider.GetUtcNow().ToUniversalTime();
        var signature = signer.Sign(AuditHasher.CheckpointSignedData(keyId, head.Sequence, head.Hash, timestamp));
        var checkpoint = new AuditCheckpoint(head.Sequence, head.Hash, timestamp, keyId, Convert.ToBase64String(signature));

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_checkpoints (sequence, hash, timestamp_utc, key_id, signature)
            VALUES (@Sequence, @Hash, @Timestamp, @KeyId, @Signature)
            """,
            new { checkpoint.Sequence, checkpoint.Hash, Timestamp = AuditHasher.FormatTimestamp(timestamp), checkpoint.KeyId, checkpoint.Signature },
            transaction,
            cancellationToken: cancellationToken));
        return checkpoint;
    }

    private static string KeyIdOf(IAuditCheckpointSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var keyId = signer.KeyId;
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId, nameof(signer));
        return keyId;
    }

    private sealed record Row(long Sequence, string Hash, string Timestamp, string KeyId, string Signature);
}
