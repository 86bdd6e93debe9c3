namespace TransferPipeline.HighSide.Batches;

/// <summary>How many blobs an artifact needs and their total size in bytes.</summary>
internal sealed record ArtifactBlobTotals(long Position, long Blobs, long Bytes);
