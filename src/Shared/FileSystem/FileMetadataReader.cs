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
}
