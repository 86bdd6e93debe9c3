using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>How a process exited and what it printed.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="StandardOutputBytes">Standard output exactly as written (skopeo's <c>--raw</c> manifests are hashed).</param>
/// <param name="StandardError">Standard error as UTF-8 text.</param>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutputBytes, string StandardError)
{
    /// <summary>Standard output as UTF-8 text.</summary>
    public string StandardOutput { get; } = Encoding.UTF8.GetString(StandardOutputBytes);

    /// <summary>Standard output followed by standard error.</summary>
    public string Combined => StandardOutput + StandardError;

    /// <summary>Exit code and both outputs, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
