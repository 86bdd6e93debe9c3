namespace TransferPipeline.Shared.Storage;

/// <summary>Received content does not match the digest it was requested by; it was discarded.</summary>
public sealed class BlobDigestMismatchException(string expectedDigest, string actual)
    : IOException($"content for {expectedDigest} does not match it (got {actual}); it was discarded")
{
    public string ExpectedDigest { get; } = expectedDigest;
}
