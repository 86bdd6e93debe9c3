using Microsoft.Win32.SafeHandles;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// A temporary file that has no name: made in a directory and unlinked at once, so nothing is left behind whatever ends the
/// process, and its space is freed when the handle is closed (by its finalizer if nobody disposes it).
/// </summary>
public static class UnlinkedTempFile
{
    /// <summary>
    /// How such a file is named in the moment before it is unlinked: one that a process killed in that moment left behind
    /// can be deleted by whoever owns the directory (deleting it from under its creator is harmless too).
    /// </summary>
    public const string NamePrefix = ".spill-";

    public static SafeFileHandle Create(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var path = Path.Combine(directory, $"{NamePrefix}{Guid.NewGuid():N}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            File.Delete(path);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
