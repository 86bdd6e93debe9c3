namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>The version ordering of each OSV ecosystem the vulnerability matcher understands.</summary>
public static class VersionOrderings
{
    /// <summary>Every ordering, one per ecosystem.</summary>
    public static IReadOnlyList<IVersionOrdering> All { get; } =
    [
        new DebianVersionOrdering(),
        new AlpineVersionOrdering(),
        new SemVerOrdering(),
        new Pep440Ordering(),
        new NuGetVersionOrdering(),
    ];

    /// <summary>The ordering OSV's <c>SEMVER</c> range type uses, whatever the ecosystem.</summary>
    public static IVersionOrdering SemVer { get; } = All.OfType<SemVerOrdering>().Single();

    /// <summary>
    /// The ordering for an OSV ecosystem name, with or without a release suffix (<c>Debian:12</c>, <c>Alpine:v3.19</c>);
    /// null for an ecosystem no ordering here understands.
    /// </summary>
    public static IVersionOrdering? For(string? osvEcosystem)
    {
        var name = EcosystemName(osvEcosystem);
        return All.FirstOrDefault(o => string.Equals(o.Ecosystem, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The ecosystem part of an OSV ecosystem name: <c>Debian:12</c> gives <c>Debian</c>.</summary>
    public static string EcosystemName(string? osvEcosystem)
    {
        var text = osvEcosystem?.Trim() ?? string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? text[..colon] : text;
    }

    /// <summary>The release part of an OSV ecosystem name (<c>12</c> in <c>Debian:12</c>), or null when there is none.</summary>
    public static string? ReleaseName(string? osvEcosystem)
    {
        var text = osvEcosystem?.Trim() ?? string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon < text.Length - 1 ? text[(colon + 1)..] : null;
    }
}
