using TransferPipeline.Shared.Batches;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Debian;

namespace TransferPipeline.Shared.Npm;

/// <summary>
/// The grammar of the npm kind, shared by both sides: package names and versions as the npm registry holds them, a
/// request's name (pins, or a lock file's label), registry URLs and the file names tarballs are published under.
/// </summary>
public static partial class NpmNames
{
    /// <summary>Most pins one request may name.</summary>
    public const int MaxRequestedPackages = 100;

    /// <summary>The lock form's name, alone or after the lock file's project name and a '/'.</summary>
    public const string LockFileName = "package-lock.json";

    public const string RegistryDescription = "an http(s) registry URL without credentials, query, fragment or final '/'";

    public const string NameDescription = "'name@version' pins separated by single spaces, or 'package-lock.json' or "
        + "'PROJECT/package-lock.json' for a lock file";

    // npm's rules for names (validate-npm-package-name) with the older names that have capitals; never starting with '.'
    // or '_', so a name is a safe path below a mirror (one segment, or '@scope/' and one segment).
    [GeneratedRegex("^(?:@[a-z0-9~-][a-z0-9._~-]*/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // SemVer 2.0.0, exactly as the registry normalises versions (no leading 'v', no spaces).
    [GeneratedRegex(
        "^(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)"
        + "(?:-(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?"
        + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?\\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    public static bool IsPackageName(string? value) => value is { Length: <= 214 } && NamePattern().IsMatch(value);

    public static bool IsVersion(string? value) => value is { Length: <= 256 } && VersionPattern().IsMatch(value);

    /// <summary>An absolute http(s) URL without user information, query, fragment, white space or final '/'.</summary>
    public static bool IsRegistry(string? value) => DebianSource.IsRepositoryUrl(value) && !value!.EndsWith('/');

    /// <summary>Whether <paramref name="value"/> names a lock file: <c>package-lock.json</c> or <c>PROJECT/package-lock.json</c>.</summary>
    public static bool IsLockLabel(string? value) =>
        value == LockFileName
        || (value is not null && value.EndsWith("/" + LockFileName, StringComparison.Ordinal)
            && IsPackageName(value[..^(LockFileName.Length + 1)]));

    /// <summary>The lock form's name for a lock file whose root package is named <paramref name="project"/> (any text, or null).</summary>
    public static string LockLabel(string? project) => IsPackageName(project) ? $"{project}/{LockFileName}" : LockFileName;

    /// <summary>The pins of a request's name, or null when it is not 1 to 100 distinct pins separated by single spaces.</summary>
    public static IReadOnlyList<NpmPin>? SplitRequested(string? names) => RequestedPins.Split(names, NpmPin.Parse, MaxRequestedPackages);


    /// <summary>Whether <paramref name="name"/> is a valid name of an npm artifact: pins or a lock label.</summary>
    public static bool IsArtifactName(string? name) => IsLockLabel(name) || SplitRequested(name) is not null;

    /// <summary>
    /// The tarball's file name as the registry publishes it, <c>BASENAME-VERSION.tgz</c> (the name without its scope), and
    /// its path below a registry or mirror, <c>NAME/-/FILE</c>.
    /// </summary>
    public static string TarballFileName(string name, string version)
    {
        ArgumentNullException.ThrowIfNull(name);
        return $"{name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..]}-{version}.tgz";
    }

    /// <inheritdoc cref="TarballFileName"/>
    public static string TarballPath(string name, string version) => $"{name}/-/{TarballFileName(name, version)}";
}
