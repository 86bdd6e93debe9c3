namespace TransferPipeline.Shared.Minisign;

/// <summary>Creates a new file so that it either appears complete, with its final mode, or not at all.</summary>
internal static class AtomicFile
{
    internal const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    internal const UnixFileMode PublicMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Writes a temporary file in the target directory (created with <paramref name="mode"/>, so
    /// no secret byte is ever readable by others), flushes it to disk and renames it into place.
    /// </summary>
    /// <exception cref="IOException">The target exists (it is never overwritten) or the write failed.</exception>
    internal static void WriteNew(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var fullPath = Path.GetFullPath(path);
        if (Path.Exists(fullPath))
        {
            throw new IOException($"{fullPath} already exists; refusing to overwrite it.");
        }

        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new IOException($"{fullPath} has no parent directory.");
        var tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteAndFlush(tempPath, content, mode);

            // overwrite: false fails if another process created the target since the check above.
            File.Move(tempPath, fullPath, overwrite: false);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static void WriteAndFlush(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Key files can only be written where Unix file modes exist.");
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = mode,

            // Unbuffered, so the content is not copied into a FileStream buffer we cannot wipe.
            BufferSize = 0,
        });

        // The create mode is filtered by the umask; set the exact mode before any content is written.
        File.SetUnixFileMode(stream.SafeFileHandle, mode);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more than a leftover temporary file.
        }
    }
}
