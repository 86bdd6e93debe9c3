using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A single-platform image as pushed: its reference and the digests the registry must serve.</summary>
/// <param name="Reference">Where it was pushed (by tag; for index children, by digest).</param>
/// <param name="ManifestDigest">SHA-256 of <paramref name="ManifestBytes"/>.</param>
/// <param name="ManifestBytes">The OCI manifest exactly as written.</param>
/// <param name="Config">The config blob's descriptor.</param>
/// <param name="Layers">Layer descriptors, base first.</param>
/// <param name="Platform">os/architecture.</param>
public sealed record TestImage(
    ImageReference Reference,
    Digest ManifestDigest,
    byte[] ManifestBytes,
    OciDescriptor Config,
    IReadOnlyList<OciDescriptor> Layers,
    OciPlatform Platform)
{
    /// <summary>Config and layers.</summary>
    public IEnumerable<OciDescriptor> Blobs => Layers.Prepend(Config);
}
