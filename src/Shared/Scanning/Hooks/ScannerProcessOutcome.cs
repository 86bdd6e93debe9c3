namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>How a scanner process ended: it could not start, ran out of time, or exited with a code.</summary>
/// <param name="ExitCode">Null when it did not start or was killed.</param>
/// <param name="StartError">Why it could not start, when it did not.</param>
/// <param name="TimedOut">True when it was killed with its child processes at the time limit.</param>
/// <param name="StandardError">The last few KiB of stderr.</param>
/// <param name="StandardOutput">The last KiB of stdout, for tools that report errors there.</param>
internal sealed record ScannerProcessOutcome(
    int? ExitCode,
    string? StartError,
    bool TimedOut,
    OutputTail StandardError,
    OutputTail StandardOutput);
