using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Processes;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// Runs one of the Debian tools the gatherer trusts for what they do best (gpgv verifying, xz decompressing): directly, no
/// shell, stdin closed, in a working directory of its own; its standard output streamed into a destination up to a
/// limit, its standard error kept for the message. Killed at the time limit or when the caller cancels.
/// </summary>
internal static class DebTool
{
    private const int StandardErrorChars = 4096;

    public static async Task<DebToolResult> RunAsync(
        string executable, IEnumerable<string> arguments, string workingDirectory, Stream output, long maxOutputBytes,
        TimeSpan timeout, CancellationToken ct)
    {
        var info = ToolStartInfo.Create(executable, arguments, workingDirectory);
        info.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new GatherRefusedException($"{executable} could not be started ({ex.Message}); deb requests need it installed");
        }

        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var errors = ReadTailAsync(process.StandardError, limit.Token);
        try
        {
            await new BoundedReadStream(process.StandardOutput.BaseStream, maxOutputBytes).CopyToAsync(output, limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return new DebToolResult(process.ExitCode, await errors);
        }
        catch (InvalidDataException)
        {
            Kill(process);
            throw new GatherRefusedException($"{executable} wrote more than {maxOutputBytes} bytes");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new GatherRefusedException($"{executable} did not finish within {timeout}");
        }
    }

    private static async Task<string> ReadTailAsync(StreamReader reader, CancellationToken ct)
    {
        var tail = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > StandardErrorChars)
            {
                tail.Remove(0, tail.Length - StandardErrorChars);
            }
        }

        return tail.ToString().Trim();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }
}
