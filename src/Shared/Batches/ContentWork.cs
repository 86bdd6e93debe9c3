namespace TransferPipeline.Shared.Batches;

/// <summary>
/// One piece of the content check: a single file, or the chunks of a blob that are all on the volume being checked,
/// in order, with the digest their concatenation must have.
/// </summary>
internal sealed record ContentWork(IReadOnlyList<ManifestFile> Files, string? JoinedDigest, long Size);
