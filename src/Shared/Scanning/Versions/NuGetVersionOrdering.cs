using NuGet.Versioning;

namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>NuGet's own ordering (NuGet.Versioning): SemVer 2.0.0 with a fourth number, labels ignoring case, no metadata.</summary>
public sealed class NuGetVersionOrdering : IVersionOrdering
{
    public string Ecosystem => "NuGet";

    public bool IsValid(string version) => NuGetVersion.TryParse(version, out _);

    public int Compare(string a, string b) => Math.Sign(VersionComparer.Default.Compare(Parse(a), Parse(b)));

    private static NuGetVersion Parse(string version) =>
        NuGetVersion.TryParse(version, out var parsed) ? parsed : throw new FormatException($"'{version}' is not a NuGet version");
}
