namespace TransferPipeline.Shared.Batches;

/// <summary>One payload file to write: a whole blob, or bytes [Offset, Offset+Length) of it as chunk ChunkIndex.</summary>
internal sealed record PlannedPiece(int Volume, string Path, string Digest, long Offset, long Length, int? ChunkIndex);
