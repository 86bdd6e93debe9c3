using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>A payload file of one volume: every file except manifest.json, its signature and SHA256SUMS.</summary>
public sealed record ManifestFile
{
    public required int Volume { get; init; }
    public required string Path { get; init; }
    public required long Size { get; init; }
    public required Sha256Value Sha256 { get; init; }
}
