using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>The image's distribution, from its os-release file.</summary>
/// <param name="Release">What the file says.</param>
/// <param name="Path">The file read: <c>etc/os-release</c> or <c>usr/lib/os-release</c>.</param>
/// <param name="Layer">The layer the file came from.</param>
public sealed record InventoryOperatingSystem(OsRelease Release, string Path, Digest Layer);
