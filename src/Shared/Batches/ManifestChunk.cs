using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>One piece of a chunked blob; the pieces concatenated in index order form the blob.</summary>
public sealed record ManifestChunk
{
    public required int Index { get; init; }
    public required int Volume { get; init; }
    public required string Path { get; init; }
    public required long Size { get; init; }
    public required Sha256Value Sha256 { get; init; }
}
