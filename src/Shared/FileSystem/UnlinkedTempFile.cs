using Microsoft.Win32.SafeHandles;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// A temporary file that has no name: made in a directory and unlinked at once, so nothing is left behind whatever ends the
/// process, and its space is freed when the handle is closed (by its finalizer if nobody disposes it).
/// </summary>
public static class UnlinkedTempFile
{
    public static SafeFileHandle Create(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var path = Path.Combine(directory, $".spill-{Guid.NewGuid():N}");
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
