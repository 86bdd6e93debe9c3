using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>A layer the inventory did not read (zstd, foreign or unknown media type); the inventory is then incomplete.</summary>
public sealed record UnreadableLayer(Digest Layer, string MediaType, string Reason);
