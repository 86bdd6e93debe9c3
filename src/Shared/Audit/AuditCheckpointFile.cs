using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// The side file of signed checkpoints, one JSON line each. It survives someone deleting rows from
/// the checkpoint table; keep it on storage the database's writers cannot rewrite.
/// </summary>
internal sealed class AuditCheckpointFile(string path)
{
    public string Path { get; } = path;

    /// <summary>Appends and fsyncs one checkpoint. The caller holds the database write lock.</summary>
    public async Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var file = OpenForAppend();
        await WriteAsync(file, checkpoint, cancellationToken);
    }

    /// <summary>
    /// Appends <paramref name="newest"/> unless the file's last line already covers its entry. The caller
    /// holds the database write lock.
    /// </summary>
    public async Task AppendIfNewerAsync(AuditCheckpoint newest, CancellationToken cancellationToken)
    {
        await using var file = OpenForAppend();
        var last = JsonLinesFile.ReadLastLine(file) is { } line ? AuditJsonLines.TryParseCheckpoint(Encoding.UTF8.GetString(line)) : null;
        if (last is null || last.Sequence < newest.Sequence)
        {
            await WriteAsync(file, newest, cancellationToken);
        }
    }

    /// <summary>
    /// Reads every complete line: the checkpoint, or null for a line that is not one. An
    /// unterminated last line is left out: it is what a crash during an append leaves.
    /// </summary>
    public async IAsyncEnumerable<(int LineNumber, AuditCheckpoint? Checkpoint)> ReadAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            yield break;
        }

        await using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var complete = JsonLinesFile.EndsWithNewline(file);
        file.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);

        var lineNumber = 0;
        var line = await reader.ReadLineAsync(cancellationToken);
        while (line is not null)
        {
            lineNumber++;
            var next = await reader.ReadLineAsync(cancellationToken);
            if (next is not null || complete)
            {
                yield return (lineNumber, AuditJsonLines.TryParseCheckpoint(line));
            }

            line = next;
        }
    }

    private FileStream OpenForAppend()
    {
        RestrictedFiles.EnsureParentDirectory(Path);
        var file = new FileStream(Path, RestrictedFiles.CreateOptions(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        try
        {
            JsonLinesFile.TrimPartialLastLine(file);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static async Task WriteAsync(FileStream file, AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        AuditJsonLines.WriteCheckpoint(buffer, checkpoint);
        await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
        file.Flush(flushToDisk: true);
    }
}
