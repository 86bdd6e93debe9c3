using TransferPipeline.Shared.Batches;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Debian;

namespace TransferPipeline.Shared.PyPI;

/// <summary>
/// The grammar of the pypi kind, shared by both sides: project names (PEP 503 normalised), a request's name (pins, or a
/// requirements file's label), simple index URLs, and the file names of wheels and sdists.
/// </summary>
public static partial class PyPINames
{
    /// <summary>Most pins one request may name.</summary>
    public const int MaxRequestedPackages = 100;

    /// <summary>The requirements form's name, alone or after a project name and a '/'.</summary>
    public const string RequirementsFileName = "requirements.txt";

    /// <summary>The longest distribution file name.</summary>
    public const int MaxFileNameLength = 255;

    public const string IndexDescription = "a PEP 503 simple index URL: http(s), without credentials, query or fragment, ending in '/'";

    public const string NameDescription = "'name==version' pins (PEP 503 normalised names, PEP 440 normal versions) separated by single "
        + "spaces, or 'requirements.txt' or 'PROJECT/requirements.txt' for a requirements file";

    // A normalised name: lowercase letters and digits, runs of '-', '_' and '.' written as one '-', none at either end.
    [GeneratedRegex("^[a-z0-9](?:-?[a-z0-9])*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectNamePattern();

    // PEP 508's names, as they may be written before normalisation.
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex WrittenNamePattern();

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    // What a file name below the mirror may be: one path segment, no leading dot.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+!-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeFileNamePattern();

    public static bool IsProjectName(string? value) => value is { Length: <= 200 } && ProjectNamePattern().IsMatch(value);

    /// <summary>PEP 503's normalised form of a PEP 508 name (<c>Foo.Bar_baz</c> is <c>foo-bar-baz</c>); null when it is not one.</summary>
    public static string? Normalize(string? written) =>
        written is { Length: <= 200 } && WrittenNamePattern().IsMatch(written) ? Separators().Replace(written, "-").ToLowerInvariant() : null;

    /// <summary>An absolute http(s) URL without user information, query, fragment or white space, ending in '/'.</summary>
    public static bool IsIndex(string? value) => DebianSource.IsRepositoryUrl(value) && value!.EndsWith('/');

    /// <summary>Whether <paramref name="value"/> is <c>requirements.txt</c> or <c>PROJECT/requirements.txt</c>.</summary>
    public static bool IsRequirementsLabel(string? value) =>
        value == RequirementsFileName
        || (value is not null && value.EndsWith("/" + RequirementsFileName, StringComparison.Ordinal)
            && IsProjectName(value[..^(RequirementsFileName.Length + 1)]));

    /// <summary>The requirements form's name for a project (any text, or null: then <c>requirements.txt</c> alone).</summary>
    public static string RequirementsLabel(string? project) =>
        Normalize(project) is { } name && IsProjectName(name) ? $"{name}/{RequirementsFileName}" : RequirementsFileName;

    /// <summary>The pins of a request's name, or null when it is not 1 to 100 distinct pins separated by single spaces.</summary>
    public static IReadOnlyList<PyPIPin>? SplitRequested(string? names) => RequestedPins.Split(names, PyPIPin.Parse, MaxRequestedPackages);


    /// <summary>Whether <paramref name="name"/> is a valid name of a pypi artifact: pins or a requirements label.</summary>
    public static bool IsArtifactName(string? name) => IsRequirementsLabel(name) || SplitRequested(name) is not null;

    /// <summary>Whether <paramref name="fileName"/> is one plain path segment a mirror can hold (no '/', no leading '.').</summary>
    public static bool IsSafeFileName(string? fileName) =>
        fileName is { Length: > 0 and <= MaxFileNameLength } && SafeFileNamePattern().IsMatch(fileName) && !fileName.Contains("..", StringComparison.Ordinal);

    /// <summary>
    /// The project (normalised) and version (normal form) a distribution file's name declares: a wheel,
    /// <c>DIST-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl</c>, or an sdist, <c>NAME-VERSION.tar.gz</c> or <c>.zip</c>; null for
    /// anything else (eggs, installers) and for names that are not safe.
    /// </summary>
    public static PyPIPin? ParseFileName(string? fileName)
    {
        if (!IsSafeFileName(fileName))
        {
            return null;
        }

        string name, version;
        if (fileName!.EndsWith(".whl", StringComparison.Ordinal))
        {
            var parts = fileName[..^4].Split('-');
            if (parts.Length is not (5 or 6) || parts.Any(p => p.Length == 0))
            {
                return null;
            }

            (name, version) = (parts[0], parts[1]);
        }
        else if (SdistStem(fileName) is { } stem && stem.LastIndexOf('-') is var dash and > 0)
        {
            (name, version) = (stem[..dash], stem[(dash + 1)..]);
        }
        else
        {
            return null;
        }

        return Normalize(name) is { } project && IsProjectName(project) && PyPIVersions.Normalize(version) is { } normal
            ? new PyPIPin(project, normal)
            : null;
    }

    /// <summary>Whether <paramref name="fileName"/> is a wheel or sdist of exactly <paramref name="name"/>'s release <paramref name="version"/>.</summary>
    public static bool IsDistributionOf(string? fileName, string name, string version) =>
        ParseFileName(fileName) is { } pin && pin.Name == name && PyPIVersions.AreEqual(pin.Version, version);

    private static string? SdistStem(string fileName) =>
        fileName.EndsWith(".tar.gz", StringComparison.Ordinal) ? fileName[..^7]
        : fileName.EndsWith(".zip", StringComparison.Ordinal) ? fileName[..^4]
        : null;
}
