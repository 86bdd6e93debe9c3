using System.Diagnostics;
using System.Text;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// Runs the built `lowside` and `highside` executables as an operator would: a command with
/// arguments and environment, its exit code and output; or a daemon that can be killed with SIGKILL.
/// </summary>
public sealed class ProductCli(string projectFolder, string executable, IReadOnlyDictionary<string, string>? environment = null)
{
    private static readonly Lazy<string> BuildDirectory = new(FindBuildDirectory);

    public static ProductCli LowSide(IReadOnlyDictionary<string, string>? environment = null) => new("LowSide", "lowside", environment);

    public static ProductCli HighSide(IReadOnlyDictionary<string, string>? environment = null) => new("HighSide", "highside", environment);

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public async Task<Result> RunAsync(params string[] arguments) => await RunAsync(arguments, TimeSpan.FromMinutes(2));

    public async Task<Result> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null)
    {
        using var process = Start(arguments);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

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
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running command (a daemon); the caller stops or kills it.</summary>
    public DaemonProcess StartDaemon(params string[] arguments) => new(Start(arguments));

    private Process Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(BuildDirectory.Value.Replace("{name}", projectFolder, StringComparison.Ordinal), executable + ".dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
    }

    // The tests' own output directory is tests/EndToEnd.Tests/bin/<Configuration>/net10.0; the
    // executables sit at src/<Side>/bin/<Configuration>/net10.0.
    private static string FindBuildDirectory()
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = own.Name;
        var configuration = own.Parent!.Name;
        var root = own;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TransferPipeline.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"cannot find the repository root above {AppContext.BaseDirectory}");
        }

        return Path.Combine(root.FullName, "src", "{name}", "bin", configuration, framework);
    }
}
