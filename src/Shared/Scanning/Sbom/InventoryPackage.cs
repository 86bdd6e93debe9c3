using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>A package the inventory found, with the file that lists it and the layer that file came from.</summary>
/// <param name="Package">The package.</param>
/// <param name="Path">The file's path in the image, without a leading '/', e.g. <c>var/lib/dpkg/status</c>.</param>
/// <param name="Layer">The digest of the layer the file (as the image finally has it) came from.</param>
public sealed record InventoryPackage(PackageCoordinate Package, string Path, Digest Layer);
