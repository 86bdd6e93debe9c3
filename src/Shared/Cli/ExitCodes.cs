namespace TransferPipeline.Shared.Cli;

/// <summary>The exit codes of both command-line tools.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Refused or failed, with a reason on stderr.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}
