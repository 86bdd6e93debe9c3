namespace TransferPipeline.Shared.Batches;

/// <summary>What the writer produced.</summary>
public sealed record BatchWriteResult(
    BatchManifest Manifest, string ManifestSha256, IReadOnlyList<string> VolumeDirectories, long PayloadBytes);
