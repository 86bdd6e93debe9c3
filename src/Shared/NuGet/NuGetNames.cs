using System.Text.RegularExpressions;
using NuGet.Versioning;
using TransferPipeline.Shared.Debian;

namespace TransferPipeline.Shared.NuGet;

/// <summary>
/// The grammar of the nuget kind, shared by both sides: package ids and normalised versions, a request's name (pins, or a lock
/// file's label), service index URLs and the lower-case paths a package lies at below a flat container or folder feed.
/// </summary>
public static partial class NuGetNames
{
    /// <summary>Most pins one request may name.</summary>
    public const int MaxRequestedPackages = 100;

    /// <summary>NuGet's own limit on the length of an id.</summary>
    public const int MaxIdLength = 100;

    /// <summary>The lock form's name, alone or after the project's name and a '/'.</summary>
    public const string LockFileName = "packages.lock.json";

    public const string ServiceIndexDescription = "an http(s) service index URL (e.g. https://api.nuget.org/v3/index.json) without "
        + "credentials, query, fragment or final '/'";

    public const string NameDescription = "'Id@Version' pins (normalised versions) separated by single spaces, or 'packages.lock.json' "
        + "or 'PROJECT/packages.lock.json' for a lock file";

    // NuGet's PackageIdValidator (word characters separated by single '.', '-' or '_'), ASCII only: never '.' or '..'
    // alone, never a separator at either end, so an id (and its lower case) is one safe path segment.
    [GeneratedRegex("^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static bool IsPackageId(string? value) => value is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(value);

    /// <summary>
    /// A version as NuGet normalises it (<c>1.0.0</c>, <c>1.2.3.4</c>, <c>2.0.0-rc.1</c>; no leading zeros, no fourth part of 0, no
    /// build metadata): the form lock files resolve to and the flat container names, so each version has one spelling.
    /// </summary>
    public static bool IsNormalizedVersion(string? value) =>
        value is { Length: > 0 and <= 256 } && !value.Any(char.IsWhiteSpace) && NuGetVersion.TryParse(value, out var version)
        && version.ToNormalizedString() == value;

    /// <summary>An absolute http(s) URL without user information, query, fragment, white space or final '/'.</summary>
    public static bool IsServiceIndex(string? value) => DebianSource.IsRepositoryUrl(value) && !value!.EndsWith('/');

    /// <summary>Whether <paramref name="value"/> names a lock file: <c>packages.lock.json</c> or <c>PROJECT/packages.lock.json</c>.</summary>
    public static bool IsLockLabel(string? value) =>
        value == LockFileName
        || (value is not null && value.EndsWith("/" + LockFileName, StringComparison.Ordinal)
            && IsPackageId(value[..^(LockFileName.Length + 1)]));

    /// <summary>The lock form's name for a lock file of the project <paramref name="project"/> (its folder's name, any text, or null).</summary>
    public static string LockLabel(string? project) => IsPackageId(project) ? $"{project}/{LockFileName}" : LockFileName;

    /// <summary>The pins of a request's name, or null when it is not 1 to 100 distinct pins separated by single spaces.</summary>
    public static IReadOnlyList<NuGetPin>? SplitRequested(string? names)
    {
        if (string.IsNullOrEmpty(names))
        {
            return null;
        }

        var split = names.Split(' ');
        var pins = split.Select(NuGetPin.Parse).OfType<NuGetPin>().ToList();
        return split.Length <= MaxRequestedPackages && pins.Count == split.Length && pins.DistinctBy(p => p.Key).Count() == pins.Count
            ? pins
            : null;
    }

    /// <summary>Whether <paramref name="name"/> is a valid name of a nuget artifact: pins or a lock label.</summary>
    public static bool IsArtifactName(string? name) => IsLockLabel(name) || SplitRequested(name) is not null;

    /// <summary>The package's file name as a flat container names it: <c>{id}.{version}.nupkg</c>, lower case.</summary>
    public static string PackageFileName(string id, string version)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(version);
        return $"{id}.{version}.nupkg".ToLowerInvariant();
    }

    /// <summary>
    /// Where the package lies below a flat container, and below a hierarchical folder feed, which lays packages out alike:
    /// <c>{id}/{version}/{id}.{version}.nupkg</c>, lower case.
    /// </summary>
    public static string PackagePath(string id, string version)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(version);
        return $"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}/{PackageFileName(id, version)}";
    }
}
