namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>Why a scanner command gave no usable answer; each is reported with reason code <c>scanner-failed</c>.</summary>
public enum ScannerFailure
{
    CouldNotStart,
    TimedOut,
    ExitCode,
    OutputMissing,
    OutputTooLarge,
    OutputMalformed,

    /// <summary>A result pointed outside the scanned artifact: the output is never trusted beyond its own artifact.</summary>
    OutputOutsideArtifact,
}
