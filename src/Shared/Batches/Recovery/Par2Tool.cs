using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// Runs Debian's <c>par2</c> (par2cmdline) directly, without a shell, within a time limit that grows with the bytes it
/// reads, keeping only the tail of its output. Its output is read as untrusted text: on the high side the files it reads
/// came from media.
/// </summary>
internal static class Par2Tool
{
    public const string Executable = "par2";

    private const int OutputTailBytes = 16 * 1024;

    public static Task<ScannerProcessOutcome> RunAsync(
        IEnumerable<string> arguments, string workingDirectory, long bytes, CancellationToken cancellationToken) =>
        ScannerProcess.RunAsync(Executable, arguments, workingDirectory, TimeLimit(bytes), cancellationToken, OutputTailBytes);

    /// <summary>Two minutes, and a second for every 4 MiB par2 reads (par2cmdline makes 5% of 1 GiB in well under a minute).</summary>
    public static TimeSpan TimeLimit(long bytes) => TimeSpan.FromSeconds(120 + (bytes / (4 * 1024 * 1024)));

    /// <summary>Why a run failed, in one printable line: it could not start, timed out, or exited with a code.</summary>
    public static string Describe(ScannerProcessOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var said = outcome.StandardError.LastLine() is { Length: > 0 } error ? error : outcome.StandardOutput.LastLine();
        var tail = said.Length > 0 ? $": {said}" : "";
        return outcome.StartError is { } start ? $"par2 could not start ({DisplayText.Printable(start)}); install Debian's par2 package"
            : outcome.TimedOut ? $"par2 timed out and was killed{tail}"
            : $"par2 exited with code {outcome.ExitCode}{tail}";
    }
}
