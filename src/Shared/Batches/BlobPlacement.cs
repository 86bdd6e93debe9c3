namespace TransferPipeline.Shared.Batches;

/// <summary>Where a blob's pieces are in the plan; no pieces (and a first piece of -1) when the high side already holds it.</summary>
internal readonly record struct BlobPlacement(long Size, int FirstPiece, int PieceCount);
