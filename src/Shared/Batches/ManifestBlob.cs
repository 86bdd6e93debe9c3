namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A content-addressed blob. Shipped blobs are one file (<see cref="Path"/>) or, when larger than the
/// chunk size or cut by a volume boundary, ordered chunks. Blobs the high side already holds from an
/// earlier batch are listed with <see cref="Shipped"/> false and no file.
/// </summary>
public sealed record ManifestBlob
{
    public required string Digest { get; init; }
    public required long Size { get; init; }
    public required bool Shipped { get; init; }
    public int? Volume { get; init; }
    public string? Path { get; init; }
    public IReadOnlyList<ManifestChunk>? Chunks { get; init; }
}
