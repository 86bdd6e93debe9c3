using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>The one place where expected failures become exit codes and a line on stderr.</summary>
internal static class CliResults
{
    public static int Fail(HighSideError error) => error.Kind switch
    {
        ErrorKind.Invalid => CliConsole.Usage($"{error.Message} [{error.Code}]"),
        _ => CliConsole.Fail($"{error.Message} [{error.Code}]"),
    };
}
