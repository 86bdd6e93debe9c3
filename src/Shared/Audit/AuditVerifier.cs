using System.Data.Common;
using System.Text;
using TransferPipeline.Shared.Persistence;
using static TransferPipeline.Shared.Audit.AuditVerificationStatus;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// Walks the chain in sequence order, streaming, and then checks the signed checkpoints (table
/// and side file) against it. Reports the failure with the lowest sequence number; entries that no
/// valid checkpoint covers are reported only when nothing else is wrong.
/// </summary>
internal sealed class AuditVerifier(Database database, AuditCheckpointFile checkpointFile)
{
    public async Task<AuditVerification> VerifyAsync(IAuditCheckpointVerifier? checkpointVerifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // One read transaction: the chain and the checkpoint table are read from the same snapshot,
        // so an entry and checkpoint appended during the walk cannot look like truncation.
        await using var transaction = await database.BeginSnapshotReadAsync(connection, cancellationToken);
        var chain = await WalkChainAsync(connection, transaction, cancellationToken);
        var findings = new Findings(chain);
        if (checkpointVerifier is not null)
        {
            var judge = new CheckpointJudge(chain, checkpointVerifier);
            await CheckTableAsync(connection, transaction, judge, findings, cancellationToken);
            await CheckFileAsync(connection, transaction, judge, findings, cancellationToken);
            findings.ReportIfNothingElse(judge.UncoveredEntries());
        }

        return findings.ToResult(checkpointVerifier is not null);
    }

    private static async Task<ChainState> WalkChainAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {StoredAuditEntry.Columns} FROM audit_entries ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        long previousSequence = 0;
        var previousHash = AuditEntry.GenesisHash;
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = StoredAuditEntry.Read(reader);
            var failure = CheckEntry(entry, previousSequence, previousHash);
            if (failure is not null)
            {
                return new ChainState(previousSequence, failure);
            }

            previousSequence = entry.Sequence;
            previousHash = entry.Hash;
        }

        return new ChainState(previousSequence, null);
    }

    // Link before hash: a deleted, inserted or swapped entry also fails its hash (the sequence
    // number is hashed), but "does not link" is what tells the operator what happened.
    private static Failure? CheckEntry(in StoredAuditEntry entry, long previousSequence, string previousHash)
    {
        var sequence = entry.Sequence;
        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            var before = previousSequence == 0 ? "the start of the log" : $"entry {previousSequence} before it";
            return new Failure(BrokenLink, sequence, $"audit entry {sequence} does not link to {before}: entries were deleted, inserted or reordered");
        }

        if (!string.Equals(SafeHash(entry), entry.Hash, StringComparison.Ordinal))
        {
            return new Failure(HashMismatch, sequence, $"audit entry {sequence} was altered: its hash does not match its content");
        }

        if (sequence != previousSequence + 1)
        {
            var where = previousSequence == 0
                ? $"the log starts at entry {sequence} instead of 1"
                : $"audit entry {sequence} follows entry {previousSequence}";
            return new Failure(SequenceGap, sequence, $"{where}: entries were removed and the chain rebuilt");
        }

        return null;
    }

    private static string? SafeHash(in StoredAuditEntry entry)
    {
        try
        {
            return entry.ComputeHash();
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    private static async Task CheckTableAsync(
        DbConnection connection, DbTransaction transaction, CheckpointJudge judge, Findings findings, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.sequence, c.hash, c.timestamp_utc, c.key_id, c.signature, e.hash
            FROM audit_checkpoints c LEFT JOIN audit_entries e ON e.sequence = c.sequence
            ORDER BY c.sequence, c.id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            findings.CountCheckpoint();
            var sequence = reader.GetInt64(0);
            var entryHash = reader.IsDBNull(5) ? null : reader.GetString(5);
            if (!AuditHasher.TryParseTimestamp(reader.GetString(2), out var timestamp))
            {
                findings.Report(new Failure(
                    CheckpointSignatureInvalid,
                    sequence,
                    $"the checkpoint for audit entry {sequence} has an unreadable timestamp: it was altered"));
                continue;
            }

            var checkpoint = new AuditCheckpoint(sequence, reader.GetString(1), timestamp, reader.GetString(3), reader.GetString(4));
            findings.Report(judge.Judge(checkpoint, entryHash));
        }
    }

    private async Task CheckFileAsync(
        DbConnection connection, DbTransaction transaction, CheckpointJudge judge, Findings findings, CancellationToken cancellationToken)
    {
        await foreach (var (lineNumber, checkpoint) in checkpointFile.ReadAsync(cancellationToken))
        {
            findings.CountCheckpoint();
            if (checkpoint is null)
            {
                findings.Report(new Failure(
                    CheckpointSignatureInvalid,
                    null,
                    $"line {lineNumber} of the checkpoint file {checkpointFile.Path} is not a checkpoint: it was damaged or edited"));
                continue;
            }

            var entryHash = checkpoint.Sequence <= judge.LastSequence
                ? await HashAtAsync(connection, transaction, checkpoint.Sequence, cancellationToken)
                : await HashNowAsync(checkpoint.Sequence, cancellationToken);
            findings.Report(judge.Judge(checkpoint, entryHash));
        }
    }

    // The side file is outside the snapshot: a checkpoint past its end may name an entry appended
    // since, so look again in the current state before calling it truncation.
    private async Task<string?> HashNowAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await HashAtAsync(connection, null, sequence, cancellationToken);
    }

    private static async Task<string?> HashAtAsync(
        DbConnection connection, DbTransaction? transaction, long sequence, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT hash FROM audit_entries WHERE sequence = @sequence";
        command.AddParameter("@sequence", sequence);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private sealed record Failure(AuditVerificationStatus Status, long? Sequence, string Message);

    /// <summary>How far the chain checked out: entries 1..<paramref name="LastSequence"/>, then <paramref name="Failure"/> if any.</summary>
    private sealed record ChainState(long LastSequence, Failure? Failure);

    private sealed class CheckpointJudge(ChainState chain, IAuditCheckpointVerifier verifier)
    {
        // The newest entry a validly signed checkpoint vouches for, as the log holds it now.
        private long _coveredThrough;

        public long LastSequence => chain.LastSequence;

        /// <summary>
        /// The entries after the newest valid checkpoint. Without it, someone who cut the tail and also
        /// removed the checkpoints (rows and side file) would leave a log that verifies.
        /// </summary>
        public Failure? UncoveredEntries()
        {
            if (_coveredThrough >= chain.LastSequence)
            {
                return null;
            }

            var first = _coveredThrough + 1;
            var entries = first == chain.LastSequence ? $"audit entry {first} is" : $"audit entries {first}..{chain.LastSequence} are";
            return new Failure(Uncovered, first,
                $"{entries} not covered by a signed checkpoint: written after the last checkpoint, or the checkpoints were removed");
        }

        /// <summary>Judges one checkpoint; <paramref name="entryHash"/> is the log's hash at its sequence, if any.</summary>
        public Failure? Judge(AuditCheckpoint checkpoint, string? entryHash)
        {
            var sequence = checkpoint.Sequence;
            if (!SignatureIsValid(checkpoint))
            {
                return new Failure(CheckpointSignatureInvalid, sequence,
                    $"the checkpoint for audit entry {sequence} (key {checkpoint.KeyId}) has an invalid signature: it was forged or altered");
            }

            if (chain.Failure?.Sequence <= sequence)
            {
                return null;
            }

            if (entryHash is null && chain.Failure is null && sequence > chain.LastSequence)
            {
                var end = chain.LastSequence == 0 ? "the log is empty" : $"the log ends at entry {chain.LastSequence}";
                return new Failure(Truncated, chain.LastSequence + 1, $"{end} but a signed checkpoint covers entry {sequence}: entries were removed");
            }

            var signed = $"the checkpoint signed by {checkpoint.KeyId} at {AuditHasher.FormatTimestamp(checkpoint.Timestamp)}";
            if (entryHash is null)
            {
                return new Failure(CheckpointMismatch, sequence, $"audit entry {sequence} is covered by {signed} but is missing: entries were removed");
            }

            if (!string.Equals(entryHash, checkpoint.Hash, StringComparison.Ordinal))
            {
                return new Failure(CheckpointMismatch, sequence, $"audit entry {sequence} does not match {signed}: the log was rewritten");
            }

            _coveredThrough = Math.Max(_coveredThrough, sequence);
            return null;
        }

        private bool SignatureIsValid(AuditCheckpoint checkpoint)
        {
            var signature = new byte[checkpoint.Signature.Length];
            if (!Convert.TryFromBase64String(checkpoint.Signature, signature, out var length))
            {
                return false;
            }

            byte[] data;
            try
            {
                data = AuditHasher.CheckpointSignedData(checkpoint.KeyId, checkpoint.Sequence, checkpoint.Hash, checkpoint.Timestamp);
            }
            catch (EncoderFallbackException)
            {
                return false;
            }

            return verifier.Verify(checkpoint.KeyId, data, signature.AsSpan(0, length));
        }
    }

    private sealed class Findings(ChainState chain)
    {
        private Failure? _first = chain.Failure;
        private long _checkpoints;

        public void CountCheckpoint() => _checkpoints++;

        /// <summary>A finding that only counts when nothing more specific was found.</summary>
        public void ReportIfNothingElse(Failure? failure) => _first ??= failure;

        // Lowest sequence wins; a chain failure wins a tie because it was recorded first.
        public void Report(Failure? failure)
        {
            if (failure is not null && (_first is null || (failure.Sequence ?? long.MaxValue) < (_first.Sequence ?? long.MaxValue)))
            {
                _first = failure;
            }
        }

        public AuditVerification ToResult(bool checkpointsChecked)
        {
            if (_first is not null)
            {
                var verified = _first.Sequence is { } bad ? Math.Min(chain.LastSequence, bad - 1) : chain.LastSequence;
                return new AuditVerification(_first.Status, _first.Sequence, _first.Message, verified, _checkpoints);
            }

            var checkpoints = checkpointsChecked ? $"{_checkpoints} signed checkpoints verified" : "checkpoints not checked";
            return new AuditVerification(
                Valid,
                null,
                $"the audit log is intact: {chain.LastSequence} entries verified, {checkpoints}",
                chain.LastSequence,
                _checkpoints);
        }
    }
}
