using System.Diagnostics;
using System.Text;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>Runs the built `highside` (dotnet highside.dll) as a child process, as an operator or a service manager would.</summary>
internal static class HighSideCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "highside.dll");

    public static Process Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(dataDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("highside did not start");
    }

    public static async Task<Result> RunAsync(string dataDirectory, params string[] arguments) =>
        await RunAsync(dataDirectory, null, TimeSpan.FromSeconds(90), arguments);

    public static async Task<Result> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(dataDirectory, environment, arguments);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"highside {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL: no chance to clean up, like a power cut for the process.</summary>
    public static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(wait.Token);
    }

    internal sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode).Append("\nstdout: ").Append(StandardOutput)
            .Append("\nstderr: ").Append(StandardError).ToString();
    }
}
