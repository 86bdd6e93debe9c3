namespace TransferPipeline.Shared.Scanning;

/// <summary>
/// A scanner could not give a verdict: it did not start, timed out, failed, or said nothing about a file.
/// A missing verdict is never read as "clean".
/// </summary>
public sealed class ScannerFailedException : Exception
{
    /// <summary>The reason code every scanner failure carries.</summary>
    public const string ReasonCode = "scanner-failed";

    public ScannerFailedException()
    {
    }

    public ScannerFailedException(string message)
        : base(message)
    {
    }

    public ScannerFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
