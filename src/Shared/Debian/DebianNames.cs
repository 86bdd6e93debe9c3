using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Debian;

/// <summary>The grammar of Debian names as Debian policy and the archive use them, shared by both sides.</summary>
public static partial class DebianNames
{
    /// <summary>Most package names one request may name.</summary>
    public const int MaxRequestedPackages = 100;

    // Policy 5.6.1: at least two characters, lowercase letters, digits, '+', '-' and '.', starting alphanumeric.
    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]{1,99}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PackagePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ArchitecturePattern();

    // Suites such as "bookworm", "bookworm-security", "stable-updates" or the older "bookworm/updates".
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}(?:/[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}){0,2}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SuitePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentPattern();

    // A pool path as the archive writes it: pool/COMPONENT/PREFIX/SOURCE/FILE.deb, each segment starting alphanumeric.
    [GeneratedRegex("^pool(?:/[A-Za-z0-9][A-Za-z0-9+._~-]{0,127}){2,6}\\.deb\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PoolPathPattern();

    public static bool IsPackage(string? value) => value is not null && PackagePattern().IsMatch(value);

    public static bool IsArchitecture(string? value) => value is not null && ArchitecturePattern().IsMatch(value);

    public static bool IsSuite(string? value) => value is not null && SuitePattern().IsMatch(value);

    public static bool IsComponent(string? value) => value is not null && ComponentPattern().IsMatch(value);

    /// <summary>
    /// Whether <paramref name="value"/> is a relative path under <c>pool/</c> ending in <c>.deb</c> whose segments are
    /// neither <c>.</c> nor <c>..</c> and need no escaping: safe to join to a mirror's root.
    /// </summary>
    public static bool IsPoolPath(string? value) =>
        value is not null && value.Length <= 300 && PoolPathPattern().IsMatch(value) && !value.Contains("/.", StringComparison.Ordinal);

    /// <summary>The package names of a request (its name: names separated by single spaces), or null when that is not what it is.</summary>
    public static IReadOnlyList<string>? SplitRequested(string? names)
    {
        if (string.IsNullOrEmpty(names))
        {
            return null;
        }

        var split = names.Split(' ');
        return split.Length <= MaxRequestedPackages && split.All(IsPackage) && split.Distinct(StringComparer.Ordinal).Count() == split.Length
            ? split
            : null;
    }
}
