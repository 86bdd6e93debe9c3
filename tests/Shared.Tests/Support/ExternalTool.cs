namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Runs a real command-line tool (minisign, sha256sum, skopeo) with text output, through <see cref="ExternalProcess"/>.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Combined => StandardOutput + StandardError;
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        string? standardInput = null, TimeSpan? timeout = null)
    {
        var result = await ExternalProcess.RunAsync(fileName, arguments, timeout ?? TimeSpan.FromSeconds(60), workingDirectory, standardInput);
        return new Result(result.ExitCode, System.Text.Encoding.UTF8.GetString(result.StandardOutput), result.StandardError);
    }

    /// <summary>Fails the test run loudly when a tool the tests rely on is not installed.</summary>
    public static string Require(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' is not installed; run scripts/setup.sh (it installs the Debian packages the tests need)");
    }
}
