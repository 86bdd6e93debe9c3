namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>An artifact of a batch as the scanners see it: its place in the manifest, what it is, and its blobs (root first).</summary>
internal sealed record ScannedArtifact(
    long Position, string Name, string? Version, string Kind, string Digest, string? MediaType, IReadOnlyList<string> Blobs);
