using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>What an SBOM describes and when it was made.</summary>
/// <param name="Name">The image's name, e.g. <c>registry.example/team/app</c>.</param>
/// <param name="ImageDigest">The image manifest's digest: the SBOM's serial number is derived from it.</param>
/// <param name="Timestamp">When the SBOM was made (from the caller's clock).</param>
/// <param name="ToolVersion">The product version to name in <c>metadata.tools</c>, if any.</param>
public sealed record SbomSubject(string Name, Digest ImageDigest, DateTimeOffset Timestamp, string? ToolVersion = null);
