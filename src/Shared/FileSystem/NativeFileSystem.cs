using Microsoft.Win32.SafeHandles;
using System.Runtime.InteropServices;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a directory and lstat-like metadata (link count,
/// file type) needed to refuse hard links, devices and FIFOs on removable media.
/// </summary>
internal static partial class NativeFileSystem
{
    // Linux x86-64 values (O_DIRECTORY and O_NOFOLLOW differ on other architectures).
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int AtEmptyPath = 0x1000;
    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int ODirectory = 0x10000;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;
    private const int ELoop = 40;
    private const int FadvSequential = 2;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(SafeFileHandle fd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Fadvise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);

    private const uint SyncFileRangeWrite = 2;

    /// <summary>
    /// Asks the kernel to start writing a range of a file's dirty pages now, without waiting for them
    /// (sync_file_range WRITE). Advisory: durability still comes from a later fsync or syncfs, which then
    /// has less left to wait for, so the disk works while the next file is being copied and hashed.
    /// </summary>
    public static void StartWriteback(SafeFileHandle handle, long offset, long count) =>
        _ = SyncFileRange(handle, offset, count, SyncFileRangeWrite);

    private const int OWrOnly = 1;
    private const int ODirectX64 = 0x4000;
    private const int EInvalid = 22;

    /// <summary>
    /// Opens an existing file for writing with O_DIRECT (x86-64 Linux); null where the file system has no direct I/O (tmpfs before
    /// Linux 6.6 refuses it with EINVAL) or on another platform.
    /// </summary>
    public static SafeFileHandle? OpenDirectWrite(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        var fd = Open(path, OWrOnly | ODirectX64 | OCloExec);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EInvalid
            ? null
            : throw new IOException($"Cannot open '{path}' for direct writing: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>Reads type, mode, link count and size of a path without following a final symlink.</summary>
    public static FileMetadata GetMetadata(string path)
    {
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot read metadata of '{path}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return buffer.ToMetadata();
    }

    /// <summary>Type, mode, link count and size of an open file (fstat): what was opened, whatever the path names now.</summary>
    public static FileMetadata GetMetadata(SafeFileHandle handle)
    {
        if (Statx(handle, "", AtEmptyPath, StatxBasicStats, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot read metadata of an open file: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return buffer.ToMetadata();
    }

    /// <summary>
    /// Opens <paramref name="path"/> for one sequential read without following a final symlink (O_NOFOLLOW) and
    /// without blocking on a FIFO (O_NONBLOCK, which regular files ignore); null when the path is a symlink.
    /// </summary>
    public static SafeFileHandle? OpenReadNoFollow(string path)
    {
        var fd = Open(path, ORdOnly | ONoFollow | ONonBlock | ONoCtty | OCloExec);
        if (fd >= 0)
        {
            // Advisory, as FileOptions.SequentialScan: a larger readahead.
            _ = Fadvise(fd, 0, 0, FadvSequential);
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == ELoop ? null : throw new IOException($"Cannot open '{path}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>Sets the process's file creation mask (umask) and returns the previous one.</summary>
    public static UnixFileMode SetCreationMask(UnixFileMode mask) => (UnixFileMode)Umask((uint)mask);

    /// <summary>Flushes a directory's entries (renames, creations) to stable storage.</summary>
    public static void SyncDirectory(string directory) => WithDirectory(directory, "Flushing directory", Fsync);

    /// <summary>
    /// Flushes everything written to the file system holding <paramref name="directory"/> (syncfs):
    /// one call instead of an fsync per file when thousands of files were written.
    /// </summary>
    public static void SyncFileSystem(string directory) => WithDirectory(directory, "Flushing the file system of", Syncfs);

    private static void WithDirectory(string directory, string what, Func<int, int> sync)
    {
        var fd = Open(directory, ORdOnly | ODirectory);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open directory '{directory}' to flush it: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        try
        {
            if (sync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // EINVAL: the file system cannot sync directories (some FUSE mounts); the data itself was synced.
                if (errno != 22)
                {
                    throw new IOException($"{what} '{directory}' to disk failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)] public uint LinkCount;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;

        public readonly FileMetadata ToMetadata() =>
            new((UnixFileKind)(Mode & 0xF000), (UnixFileMode)(Mode & 0xFFF), LinkCount, (long)Size);
    }
}
