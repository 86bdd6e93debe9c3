namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// What one scanner command said about one artifact: its findings (possibly none), or a failure. A failure is never
/// "no findings": the artifact is not known to be clean.
/// </summary>
public sealed record ScannerRunResult
{
    /// <summary>The reason code of every failure.</summary>
    public const string FailedReasonCode = ScannerFailedException.ReasonCode;

    /// <summary><c>hook:NAME</c>.</summary>
    public required string Scanner { get; init; }

    public IReadOnlyList<ScanFinding> Findings { get; init; } = [];

    /// <summary>Null when the tool ran and its output was read.</summary>
    public ScannerFailure? Failure { get; init; }

    /// <summary>One line for an operator, naming the scanner; empty on success.</summary>
    public string Message { get; init; } = "";

    /// <summary>The last few KiB of the tool's stderr, for the log.</summary>
    public string StandardErrorTail { get; init; } = "";

    public bool Succeeded => Failure is null;

    public string? ReasonCode => Failure is null ? null : FailedReasonCode;

    internal static ScannerRunResult Failed(string scanner, ScannerFailure failure, string message, string standardErrorTail = "") =>
        new() { Scanner = scanner, Failure = failure, Message = $"{scanner}: {message}", StandardErrorTail = standardErrorTail };
}
