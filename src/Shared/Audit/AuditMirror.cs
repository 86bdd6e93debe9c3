using System.Buffers;
using System.Text.Json;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// Keeps the JSON-lines mirror in step with the database: appends, in sequence order, every entry
/// after the last one the file holds, then fsyncs. The database is the truth; the mirror is a
/// copy for tools outside it, so a missing or short mirror simply catches up on the next sync.
/// </summary>
internal sealed class AuditMirror(Database database, string path)
{
    private const int FlushThreshold = 64 * 1024;

    public string Path { get; } = path;

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // Writes nothing to the database: BEGIN IMMEDIATE takes SQLite's write lock, which
        // serializes mirror writers across threads and processes, so lines never interleave.
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);

        RestrictedFiles.EnsureParentDirectory(Path);
        await using var file = new FileStream(Path, RestrictedFiles.CreateOptions(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        JsonLinesFile.TrimPartialLastLine(file);
        var mirrored = LastSequence(file);

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {StoredAuditEntry.Columns} FROM audit_entries WHERE sequence > @after ORDER BY sequence";
        command.AddParameter("@after", mirrored);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var buffer = new ArrayBufferWriter<byte>(FlushThreshold);
        while (await reader.ReadAsync(cancellationToken))
        {
            AuditJsonLines.WriteEntry(buffer, StoredAuditEntry.Read(reader));
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
        file.Flush(flushToDisk: true);
    }

    private long LastSequence(FileStream file)
    {
        var line = JsonLinesFile.ReadLastLine(file);
        if (line is null)
        {
            return 0;
        }

        try
        {
            return AuditJsonLines.ParseEntry(line).Sequence;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"The audit mirror {Path} ends with a line that is not an audit entry; move the file aside and the next append " +
                "rewrites it from the database.",
                ex);
        }
    }
}
