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
        // A link from there back to the front would exec the front again, forever.
        var target = File.Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full : full;
        if (string.Equals(target, front, StringComparison.Ordinal))
        {
            return CliConsole.Fail($"{full} is this front, not the full lowside: install the published directory as it is");
        }

        Execv(full, [full, .. args, null]);
        return CliConsole.Fail($"cannot run {full}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
