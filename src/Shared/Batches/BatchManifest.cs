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
    /// <summary>
    /// The blobs in list order. A parsed manifest keeps them on disk (<see cref="ManifestBlobCollection"/>): enumerate them,
    /// do not hold them.
    /// </summary>
    public required IReadOnlyCollection<ManifestBlob> Blobs { get; init; }
    /// <summary>
    /// The payload files in list order. A parsed manifest keeps them on disk (<see cref="ManifestFileCollection"/>): enumerate them,
    /// do not hold them.
    /// </summary>
    public required IReadOnlyCollection<ManifestFile> Files { get; init; }
}
