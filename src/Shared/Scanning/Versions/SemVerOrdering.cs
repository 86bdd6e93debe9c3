namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// SemVer 2.0.0 precedence, as npm orders versions: <c>MAJOR.MINOR.PATCH[-prerelease][+build]</c>, a leading
/// <c>v</c> tolerated, build metadata ignored, a prerelease before its release. OSV <c>SEMVER</c> ranges use it too.
/// </summary>
public sealed class SemVerOrdering : IVersionOrdering
{
    public string Ecosystem => "npm";

    public bool IsValid(string version) => TryParse(version, out _);

    public int Compare(string a, string b)
    {
        var left = Parse(a);
        var right = Parse(b);
        for (var i = 0; i < 3; i++)
        {
            var byCore = CompareNumbers(left.Core[i], right.Core[i]);
            if (byCore != 0)
            {
                return byCore;
            }
        }

        if (left.Prerelease.Length == 0 || right.Prerelease.Length == 0)
        {
            // A release sorts after any of its prereleases: the side without one is the greater.
            return (left.Prerelease.Length == 0).CompareTo(right.Prerelease.Length == 0);
        }

        for (var i = 0; i < Math.Min(left.Prerelease.Length, right.Prerelease.Length); i++)
        {
            var byIdentifier = CompareIdentifiers(left.Prerelease[i], right.Prerelease[i]);
            if (byIdentifier != 0)
            {
                return byIdentifier;
            }
        }

        return left.Prerelease.Length.CompareTo(right.Prerelease.Length);
    }

    private static SemVer Parse(string version) =>
        TryParse(version, out var parsed) ? parsed : throw new FormatException($"'{version}' is not a SemVer 2.0.0 version");

    private static bool TryParse(string? version, out SemVer parsed)
    {
        parsed = default;
        var text = version?.Trim() ?? string.Empty;
        if (text.StartsWith('v') || text.StartsWith('V'))
        {
            text = text[1..];
        }

        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0 && !AreIdentifiers(text[(plus + 1)..].Split('.'), numericRule: false))
        {
            return false;
        }

        var withoutBuild = plus >= 0 ? text[..plus] : text;
        var hyphen = withoutBuild.IndexOf('-', StringComparison.Ordinal);
        var core = (hyphen >= 0 ? withoutBuild[..hyphen] : withoutBuild).Split('.');
        var prerelease = hyphen >= 0 ? withoutBuild[(hyphen + 1)..].Split('.') : [];
        if (core.Length != 3 || !core.All(IsNumber) || (hyphen >= 0 && !AreIdentifiers(prerelease, numericRule: true)))
        {
            return false;
        }

        parsed = new SemVer(core, prerelease);
        return true;
    }

    private static bool IsNumber(string part) =>
        part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0');

    // Identifiers are non-empty [0-9A-Za-z-]; in a prerelease a numeric identifier has no leading zero.
    private static bool AreIdentifiers(string[] identifiers, bool numericRule) =>
        identifiers.All(x => x.Length > 0 && x.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && (!numericRule || !x.All(char.IsAsciiDigit) || IsNumber(x)));

    // Numbers without leading zeros compare by length first, so any size works without overflow.
    private static int CompareNumbers(string a, string b)
    {
        var byLength = a.Length.CompareTo(b.Length);
        return byLength != 0 ? byLength : Math.Sign(string.CompareOrdinal(a, b));
    }

    private static int CompareIdentifiers(string a, string b)
    {
        var aNumeric = a.All(char.IsAsciiDigit);
        var bNumeric = b.All(char.IsAsciiDigit);
        return (aNumeric, bNumeric) switch
        {
            (true, true) => CompareNumbers(a, b),
            (true, false) => -1,
            (false, true) => 1,
            _ => Math.Sign(string.CompareOrdinal(a, b)),
        };
    }

    private readonly record struct SemVer(string[] Core, string[] Prerelease);
}
