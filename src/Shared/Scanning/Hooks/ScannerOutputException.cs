namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>A scanner's output was refused; <see cref="ScannerCommandRunner"/> turns it into a failed result.</summary>
internal sealed class ScannerOutputException(ScannerFailure failure, string message) : Exception(message)
{
    public ScannerFailure Failure { get; } = failure;

    public static ScannerOutputException Malformed(string message) => new(ScannerFailure.OutputMalformed, message);

    public static ScannerOutputException Outside(string message) => new(ScannerFailure.OutputOutsideArtifact, message);
}
