namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>An image inventory or SBOM refused for <see cref="Reason"/>; the message names the file, layer or field.</summary>
public sealed class SbomException : Exception
{
    public SbomException()
    {
    }

    public SbomException(string message)
        : base(message)
    {
    }

    public SbomException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SbomException(SbomError reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary>The reason code.</summary>
    public SbomError Reason { get; }
}
