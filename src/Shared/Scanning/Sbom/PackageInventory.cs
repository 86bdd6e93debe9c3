namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>Everything the inventory found in an image.</summary>
/// <param name="OperatingSystem">The distribution, when the image has an os-release file.</param>
/// <param name="Packages">Packages in the order their files were parsed (the SBOM writer sorts them).</param>
/// <param name="UnreadableLayers">Layers that were not read; files they add, change or delete are not reflected.</param>
/// <param name="Warnings">Files skipped and why (a malformed lock file, a link whose target is not kept).</param>
public sealed record PackageInventory(
    InventoryOperatingSystem? OperatingSystem,
    IReadOnlyList<InventoryPackage> Packages,
    IReadOnlyList<UnreadableLayer> UnreadableLayers,
    IReadOnlyList<string> Warnings)
{
    /// <summary>True when every layer was read.</summary>
    public bool IsComplete => UnreadableLayers.Count == 0;
}
