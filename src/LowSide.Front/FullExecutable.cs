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
        var front = Environment.ProcessPath ?? throw new InvalidOperationException("the process has no executable path");
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(front)!, "..", "lowside"));
        Execv(full, [full, .. args, null]);
        Console.Error.WriteLine($"error: cannot run {full}: {Marshal.GetLastPInvokeErrorMessage()}");
        return ExitCodes.Failed;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
