using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Cli;

/// <summary>The one place where expected failures become a line on stderr and an exit code, on both executables.</summary>
public static class CliFailures
{
    /// <summary>Writes <c>error: message [reason-code]</c> (or <c>usage error: ...</c>) and returns 1 (2 for usage).</summary>
    public static int Exit(Failure error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind == FailureKind.Usage
            ? CliConsole.Usage($"{error.Message} [{error.Code}]")
            : CliConsole.Fail($"{error.Message} [{error.Code}]");
    }
}
