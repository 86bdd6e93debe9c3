namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// lstat for callers outside Shared: the high side inspects removable media before copying it
/// into quarantine, so hard links, devices and FIFOs are refused on the media itself.
/// </summary>
public static class FileMetadataReader
{
    /// <summary>Type, mode, link count and size of <paramref name="path"/>, without following a final symlink.</summary>
    /// <exception cref="IOException">The path cannot be inspected.</exception>
    public static FileMetadata Read(string path) => NativeFileSystem.GetMetadata(path);

    /// <summary>
    /// Opens a file on untrusted media for reading only if it is a regular file, or returns null with what it
    /// is in <paramref name="metadata"/>. A link, FIFO, device or socket is never opened (lstat first: opening a
    /// FIFO for reading blocks until a writer comes, a link may lead to /dev/zero). What was opened is checked
    /// again (fstat), and the open neither follows a link nor blocks on a FIFO, so one swapped in meanwhile is
    /// refused too. <paramref name="metadata"/> then describes the open file, whose size the caller bounds.
    /// </summary>
    /// <exception cref="IOException">The path cannot be inspected or opened.</exception>
    public static FileStream? OpenRegular(string path, out FileMetadata metadata)
    {
        metadata = NativeFileSystem.GetMetadata(path);
        if (metadata.Kind != UnixFileKind.Regular)
        {
            return null;
        }

        var handle = NativeFileSystem.OpenReadNoFollow(path);
        if (handle is null)
        {
            metadata = metadata with { Kind = UnixFileKind.SymbolicLink };
            return null;
        }

        try
        {
            metadata = NativeFileSystem.GetMetadata(handle);
            if (metadata.Kind == UnixFileKind.Regular)
            {
                return new FileStream(handle, FileAccess.Read, bufferSize: 0);
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        handle.Dispose();
        return null;
    }
}
