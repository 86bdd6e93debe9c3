namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Builds <see cref="PackageCoordinate"/>s for each ecosystem the inventory knows, and maps a package URL back to one:
/// the one place that ties purl types to OSV ecosystem names.
/// </summary>
public static class PackageCoordinates
{
    public const string Debian = "Debian";
    public const string Ubuntu = "Ubuntu";
    public const string Alpine = "Alpine";
    public const string Npm = "npm";
    public const string PyPI = "PyPI";
    public const string NuGet = "NuGet";

    /// <summary>
    /// A dpkg package. Ubuntu images (os-release <c>ID=ubuntu</c>) get <c>pkg:deb/ubuntu/…</c> and the OSV ecosystem
    /// <c>Ubuntu</c>; every other dpkg-based image is treated as Debian.
    /// </summary>
    public static PackageCoordinate Deb(
        string name,
        string version,
        string? arch,
        string? sourceName,
        string? sourceVersion,
        OsRelease? os)
    {
        var vendor = os?.Id == "ubuntu" ? "ubuntu" : "debian";
        var distro = os?.Id == vendor ? os.Distro : null;
        var purl = PackageUrl.Create("deb", vendor, name, version, ("arch", arch), ("distro", distro));
        return new PackageCoordinate(
            vendor == "ubuntu" ? Ubuntu : Debian,
            name,
            version,
            purl.ToString(),
            sourceName ?? name,
            sourceVersion is not null && sourceVersion != version ? sourceVersion : null,
            distro);
    }

    /// <summary>An Alpine apk package; <paramref name="origin"/> is its source package.</summary>
    public static PackageCoordinate Apk(string name, string version, string? arch, string? origin, OsRelease? os)
    {
        var distro = os?.Id == "alpine" ? os.Distro : null;
        var purl = PackageUrl.Create("apk", "alpine", name, version, ("arch", arch), ("distro", distro));
        return new PackageCoordinate(Alpine, name, version, purl.ToString(), origin ?? name, null, distro);
    }

    /// <summary>An npm package; a scoped name <c>@scope/name</c> becomes namespace <c>%40scope</c>.</summary>
    public static PackageCoordinate NpmPackage(string name, string version)
    {
        var slash = name.StartsWith('@') ? name.IndexOf('/', StringComparison.Ordinal) : -1;
        var purl = slash > 0
            ? PackageUrl.Create("npm", name[..slash], name[(slash + 1)..], version)
            : PackageUrl.Create("npm", null, name, version);
        return new PackageCoordinate(Npm, name, version, purl.ToString());
    }

    /// <summary>A Python package, its name normalised as PEP 503 says (lowercase, runs of <c>-_.</c> become '-').</summary>
    public static PackageCoordinate PyPIPackage(string name, string version)
    {
        var normalised = NormalisePythonName(name);
        return new PackageCoordinate(PyPI, normalised, version, PackageUrl.Create("pypi", null, normalised, version).ToString());
    }

    /// <summary>A NuGet package; its id keeps the case it was given.</summary>
    public static PackageCoordinate NuGetPackage(string name, string version) =>
        new(NuGet, name, version, PackageUrl.Create("nuget", null, name, version).ToString());

    /// <summary>PEP 503 name normalisation.</summary>
    public static string NormalisePythonName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (builder.Length == 0 || builder[^1] != '-')
                {
                    builder.Append('-');
                }
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The coordinate a package URL names, or null when its type is not one of deb, apk, npm, pypi or nuget, or it has
    /// no version (nothing could be matched on it). Source package details come from the caller (SBOM properties) or
    /// from the purl's <c>upstream</c> qualifier (<c>name</c> or <c>name@version</c>, as other SBOM tools write it).
    /// </summary>
    public static PackageCoordinate? FromPackageUrl(PackageUrl purl, string? sourceName = null, string? sourceVersion = null)
    {
        if (purl.Version is not { } version)
        {
            return null;
        }

        if (sourceName is null && purl.Qualifier("upstream") is { } upstream)
        {
            var at = upstream.IndexOf('@', StringComparison.Ordinal);
            (sourceName, sourceVersion) = at > 0 ? (upstream[..at], sourceVersion ?? upstream[(at + 1)..]) : (upstream, sourceVersion);
        }

        var canonical = purl.ToString();
        var distro = purl.Qualifier("distro");
        return (purl.Type, purl.Namespace?.ToLowerInvariant()) switch
        {
            ("deb", "debian" or null) => new(Debian, purl.Name, version, canonical, sourceName ?? purl.Name, sourceVersion, distro),
            ("deb", "ubuntu") => new(Ubuntu, purl.Name, version, canonical, sourceName ?? purl.Name, sourceVersion, distro),
            ("apk", "alpine" or null) => new(Alpine, purl.Name, version, canonical, sourceName ?? purl.Name, null, distro),
            ("npm", _) => new(Npm, purl.Namespace is null ? purl.Name : $"{purl.Namespace}/{purl.Name}", version, canonical),
            ("pypi", null) => new(PyPI, NormalisePythonName(purl.Name), version, canonical),
            ("nuget", null) => new(NuGet, purl.Name, version, canonical),
            _ => null,
        };
    }
}
