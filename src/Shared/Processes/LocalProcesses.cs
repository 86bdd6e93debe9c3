using System.Diagnostics;
using System.Globalization;

namespace TransferPipeline.Shared.Processes;

/// <summary>
/// Whether something a process of this host left behind (a claim, a lease, a half-written download) belongs to a process
/// that no longer runs: its owner is written as "host", then the pid, then anything, joined by <c>separator</c>.
/// </summary>
public static class LocalProcesses
{
    /// <summary>"host{separator}pid{separator}" of this process: the prefix of names it owns.</summary>
    public static string OwnerPrefix(char separator) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}{separator}{Environment.ProcessId}{separator}");

    /// <summary>
    /// True when <paramref name="owner"/> names a process of this host that is gone (it crashed). An owner of another host, or
    /// one that does not parse, is never judged gone: the caller falls back to expiry.
    /// </summary>
    public static bool IsGone(string owner, char separator)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var parts = owner.Split(separator);
        if (parts.Length < 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
