namespace TransferPipeline.HighSide.Features.Import;

/// <summary>A chunk file of a volume copy whose bytes were written into its blob's part file, at this offset, instead of a file of its own.</summary>
internal sealed record JoinedChunk(string Path, string Part, long Offset, long Length);
