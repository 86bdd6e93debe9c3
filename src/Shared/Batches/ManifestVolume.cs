namespace TransferPipeline.Shared.Batches;

/// <summary>One volume of a batch: its directory name and the hash of its SHA256SUMS file.</summary>
public sealed record ManifestVolume
{
    public required int Number { get; init; }
    public required string Name { get; init; }
    public required string Sha256Sums { get; init; }
    public required int FileCount { get; init; }
    public required long Bytes { get; init; }
}
