namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// Writes files so that a crash never leaves a half-written file under its final name: write to a
/// temporary sibling, flush to disk, rename, then flush the directory entry.
/// </summary>
public static class DurableFile
{
    /// <summary>The suffix of files still being written; never a valid batch file name.</summary>
    public const string PartialSuffix = ".tp-partial";

    /// <summary>
    /// Creates <paramref name="path"/> atomically with content produced by <paramref name="write"/>. Callers
    /// writing many files pass <paramref name="syncDirectory"/> and <paramref name="flushToDisk"/> false and
    /// call <see cref="SyncFileSystem"/> once before they commit.
    /// </summary>
    public static async Task<T> WriteAsync<T>(
        string path, Func<FileStream, CancellationToken, Task<T>> write, CancellationToken cancellationToken,
        UnixFileMode mode = WriteOptions.ReadableByAll,
        bool syncDirectory = true, bool flushToDisk = true)
    {
        var temporary = path + PartialSuffix;
        var options = WriteOptions.For(FileMode.Create, mode);

        T result;
        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                result = await write(stream, cancellationToken);
                stream.Flush(flushToDisk);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        if (syncDirectory)
        {
            NativeFileSystem.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        return result;
    }

    /// <summary>Creates <paramref name="path"/> atomically with the given bytes.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken,
        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead) =>
        WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(content, ct);
            return true;
        }, cancellationToken, mode);

    /// <summary>Flushes a directory's entries to stable storage.</summary>
    public static void SyncDirectory(string directory) => NativeFileSystem.SyncDirectory(directory);

    /// <summary>Flushes all data and metadata written to the file system holding <paramref name="directory"/>.</summary>
    public static void SyncFileSystem(string directory) => NativeFileSystem.SyncFileSystem(directory);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the partial suffix already marks it as garbage.
        }
    }
}
