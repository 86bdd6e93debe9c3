namespace TransferPipeline.Shared.Oci;

/// <summary>
/// Content did not match what it was supposed to be: wrong SHA-256, or a size other than the
/// descriptor's. Never retried: a registry serving wrong bytes is not a transient fault.
/// </summary>
public sealed class DigestMismatchException : Exception
{
    public DigestMismatchException()
    {
    }

    public DigestMismatchException(string message)
        : base(message)
    {
    }

    public DigestMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The digest the content should have had.</summary>
    public Digest Expected { get; init; }

    /// <summary>The digest of what was received, when all of it was read.</summary>
    public Digest? Actual { get; init; }

    /// <summary>The size the content should have had, when known.</summary>
    public long? ExpectedSize { get; init; }

    /// <summary>The number of bytes seen before giving up or at the end.</summary>
    public long? ActualSize { get; init; }

    /// <summary>
    /// True when the wrong bytes were our own, read from the local source while uploading, rather than
    /// something a registry sent or answered.
    /// </summary>
    public bool InLocalContent { get; init; }
}
