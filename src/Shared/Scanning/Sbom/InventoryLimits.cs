namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// How much of an image the inventory keeps in memory, so a hostile image cannot exhaust it. Each kept file also has
/// its own cap, set by the kind of file (see <see cref="PackageFileRules"/>).
/// </summary>
/// <param name="MaxKeptFiles">Kept files (and links to them) across all layers at once.</param>
/// <param name="MaxKeptBytes">Bytes of kept files across all layers at once.</param>
public sealed record InventoryLimits(int MaxKeptFiles = 10_000, long MaxKeptBytes = 512L * 1024 * 1024)
{
    /// <summary>The limits used when the caller gives none.</summary>
    public static InventoryLimits Default { get; } = new();
}
