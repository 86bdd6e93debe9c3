namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The signed description of a whole transfer batch. Every volume carries the same bytes, so any one
/// volume can be checked alone and tells which other volumes belong to the batch.
/// </summary>
public sealed record BatchManifest
{
    /// <summary>The only format version this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    public required int FormatVersion { get; init; }
    public required string BatchId { get; init; }
    public required string SiteId { get; init; }
    public required long Sequence { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required DateTimeOffset ExpiresUtc { get; init; }
    /// <summary>The signing key's id as minisign prints it (uppercase hex without leading zeros, at most 16 digits).</summary>
    public required string KeyId { get; init; }
    public required long ChunkSize { get; init; }
    public required IReadOnlyList<ManifestVolume> Volumes { get; init; }
    public required IReadOnlyList<ManifestArtifact> Artifacts { get; init; }
    public required IReadOnlyList<ManifestBlob> Blobs { get; init; }
    public required IReadOnlyList<ManifestFile> Files { get; init; }
}
