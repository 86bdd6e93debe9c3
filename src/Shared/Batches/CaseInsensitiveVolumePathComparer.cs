namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Compares (volume, path) pairs the way FAT32, exFAT and NTFS compare names: ignoring case. Paths are
/// NFKC-normalised before they become keys; comparing without building an upper-case copy of every
/// path keeps a 50,000-file manifest from allocating 50,000 more strings.
/// </summary>
internal sealed class CaseInsensitiveVolumePathComparer : IEqualityComparer<(int Volume, string Path)>
{
    public static CaseInsensitiveVolumePathComparer Instance { get; } = new();

    public bool Equals((int Volume, string Path) x, (int Volume, string Path) y) =>
        x.Volume == y.Volume && StringComparer.OrdinalIgnoreCase.Equals(x.Path, y.Path);

    public int GetHashCode((int Volume, string Path) obj) =>
        HashCode.Combine(obj.Volume, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Path));
}
