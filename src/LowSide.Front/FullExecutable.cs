using System.Runtime.InteropServices;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Front;

/// <summary>
/// The full `lowside` (self-contained, ReadyToRun), one directory above the front. The front becomes it by execv(2): the
/// same process, so its id, its standard streams, its environment and a service manager's view of it do not change.
/// </summary>
internal static partial class FullExecutable
{
    /// <summary>Runs <paramref name="args"/> in the full executable; returns only when it cannot be run.</summary>
    public static int Become(string[] args)
    {
        var front = Environment.ProcessPath;
        if (front is null)
        {
            return CliConsole.Fail("cannot find the full lowside: this process has no executable path");
        }

        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(front)!, "..", "lowside"));
        // A link from there back to the front (through any linked directory) would exec the front again, forever. The
        // process's own path is already resolved (/proc/self/exe).
        if (RealPath(full) is { } resolved && string.Equals(resolved, front, StringComparison.Ordinal))
        {
            return CliConsole.Fail($"{full} is this front, not the full lowside: install the published directory as it is");
        }

        Execv(full, [full, .. args, null]);
        return CliConsole.Fail($"cannot run {full}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    // realpath(3): every link of every component resolved; null when it cannot be (missing, a cycle), and execv says why.
    private static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Marshal.FreeHGlobal(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);
}
