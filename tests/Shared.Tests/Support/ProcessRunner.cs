namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Runs a command to its end and returns its exit code and output. Past its time limit the process
/// and its children are killed and a <see cref="TimeoutException"/> names the command.
/// </summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        RunAsync(new ProcessCommand(fileName, [.. arguments]) { WorkingDirectory = workingDirectory }, timeout, standardInput, ct);

    /// <summary>Runs <paramref name="command"/>, writing <paramref name="standardInput"/> (if any) then closing its input.</summary>
    public static async Task<ProcessResult> RunAsync(
        ProcessCommand command,
        TimeSpan? timeout = null,
        string? standardInput = null,
        CancellationToken ct = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var process = command.Start();
        using var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await WriteInputAsync(process.StandardInput, standardInput);
        using var limitSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limitSource.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(limitSource.Token);
            await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(limitSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException(
                $"'{command}' did not finish within {limit.TotalSeconds:0} s; it was killed with its child processes.");
        }

        return new ProcessResult(process.ExitCode, stdout.ToArray(), await stderrTask);
    }

    /// <summary>
    /// Like <see cref="RunAsync(ProcessCommand, TimeSpan?, string?, CancellationToken)"/>, but a non-zero
    /// exit throws with the output.
    /// </summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        ProcessCommand command,
        TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        var result = await RunAsync(command, timeout, ct: ct);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"'{command}' failed: {result}");
    }

    /// <summary>The full path of a tool the tests rely on; fails the run loudly when it is not installed.</summary>
    public static string Require(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is not installed; run scripts/setup.sh (it installs the Debian packages the tests need)");
    }

    private static async Task WriteInputAsync(StreamWriter input, string? text)
    {
        try
        {
            if (text is not null)
            {
                await input.WriteAsync(text);
            }

            input.Close();
        }
        catch (IOException)
        {
            // The process exited without reading its input: what it printed tells the test why.
        }
    }
}
