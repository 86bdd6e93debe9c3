namespace TransferPipeline.Shared.FileSystem;

/// <summary>The free room of the file system holding a path, and whether a write failed for want of it.</summary>
public static class DiskSpace
{
    // Linux errno values; .NET reports an errno it has no exception type for as the IOException's HResult.
    private const int NoSpaceLeft = 28;
    private const int QuotaExceeded = 122;

    /// <summary>Bytes an unprivileged writer may still use on the file system holding <paramref name="path"/> (statvfs f_bavail).</summary>
    public static long Available(string path) => new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;

    /// <summary>True when <paramref name="exception"/> is the file system being full (ENOSPC) or the writer's quota spent (EDQUOT).</summary>
    public static bool IsFull(IOException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HResult is NoSpaceLeft or QuotaExceeded;
    }
}
