using System.ComponentModel;
using System.Diagnostics;
using TransferPipeline.Shared.Processes;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// Runs a scanner (or another external tool, such as par2) directly (no shell), stdin closed, stdout and stderr drained with
/// only their tails kept, and kills it with its whole process tree at the time limit or when the caller cancels.
/// </summary>
internal static class ScannerProcess
{
    public const int StandardErrorTailBytes = 4 * 1024;
    public const int StandardOutputTailBytes = 1024;

    // Output pipes a child process still holds open after the tool exited are not waited for longer than this.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<ScannerProcessOutcome> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken ct,
        int standardOutputTailBytes = StandardOutputTailBytes)
    {
        var stderr = new OutputTail(StandardErrorTailBytes);
        var stdout = new OutputTail(standardOutputTailBytes);
        using var process = new Process { StartInfo = ToolStartInfo.Create(executable, arguments, workingDirectory) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ScannerProcessOutcome(null, ex.Message, TimedOut: false, stderr, stdout);
        }

        process.StandardInput.Close();
        var drains = Task.WhenAll(stderr.DrainAsync(process.StandardError.BaseStream), stdout.DrainAsync(process.StandardOutput.BaseStream));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process, drains);
            ct.ThrowIfCancellationRequested();
            return new ScannerProcessOutcome(null, null, TimedOut: true, stderr, stdout);
        }

        await Task.WhenAny(drains, Task.Delay(DrainGrace, CancellationToken.None));
        return new ScannerProcessOutcome(process.ExitCode, null, TimedOut: false, stderr, stdout);
    }

    private static async Task KillAsync(Process process, Task drains)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the time limit and the kill.
        }

        using var grace = new CancellationTokenSource(DrainGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
            await drains.WaitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            // Disposing the process closes the pipes and ends the drains.
        }
    }
}
