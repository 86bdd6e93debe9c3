namespace TransferPipeline.Shared.Oci;

/// <summary>A blob that was streamed to its destination and verified against its digest.</summary>
/// <param name="Digest">The verified digest.</param>
/// <param name="Size">Bytes written to the destination.</param>
public sealed record BlobDownload(Digest Digest, long Size);
