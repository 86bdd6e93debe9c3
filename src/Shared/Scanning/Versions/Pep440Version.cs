using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// A PEP 440 version reduced to what orders it: <c>[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]</c> after PEP 440's
/// normalisation (case, <c>alpha</c>/<c>beta</c>/<c>c</c>/<c>pre</c> spellings, <c>-</c>/<c>_</c>/<c>.</c> separators,
/// implicit numbers, <c>1.0-1</c> as a post release, trailing zeros of the release).
/// </summary>
internal sealed partial record Pep440Version(
    BigInteger Epoch,
    BigInteger[] Release,
    int PreRank,
    BigInteger PreNumber,
    BigInteger? Post,
    BigInteger? Dev,
    string[]? Local) : IComparable<Pep440Version>
{
    // Rank of a version without a pre-release: after every a/b/rc of the same release; a bare .devN goes before them all.
    private const int NoPreRelease = 3;
    private const int DevReleaseOnly = -1;

    public static bool TryParse(string? text, out Pep440Version? version)
    {
        version = null;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var release = match.Groups["release"].Value.Split('.').Select(ParseNumber).ToList();
        while (release.Count > 1 && release[^1].IsZero)
        {
            release.RemoveAt(release.Count - 1);
        }

        var postNumber = match.Groups["postn1"].Success ? match.Groups["postn1"] : match.Groups["postn2"];
        var post = match.Groups["post"].Success ? Number(postNumber) : (BigInteger?)null;
        var dev = match.Groups["dev"].Success ? Number(match.Groups["devn"]) : (BigInteger?)null;
        var preRank = match.Groups["pre"].Success
            ? PreReleaseRank(match.Groups["prel"].Value.ToLowerInvariant())
            : post is null && dev is not null ? DevReleaseOnly : NoPreRelease;
        version = new Pep440Version(
            match.Groups["epoch"].Success ? ParseNumber(match.Groups["epoch"].Value) : BigInteger.Zero,
            [.. release],
            preRank,
            Number(match.Groups["pren"]),
            post,
            dev,
            match.Groups["local"].Success ? match.Groups["local"].Value.ToLowerInvariant().Split('-', '_', '.') : null);
        return true;
    }

    /// <summary>
    /// PEP 440's normal form of <paramref name="text"/> (<c>v1.0-RC1</c> is <c>1.0rc1</c>, <c>2024.01</c> is <c>2024.1</c>; the
    /// release's trailing zeros kept), or null when it is not a version.
    /// </summary>
    public static string? Normalize(string? text)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var epoch = match.Groups["epoch"].Success && !ParseNumber(match.Groups["epoch"].Value).IsZero ? $"{ParseNumber(match.Groups["epoch"].Value)}!" : "";
        var release = string.Join('.', match.Groups["release"].Value.Split('.').Select(ParseNumber));
        var pre = match.Groups["pre"].Success
            ? (PreReleaseRank(match.Groups["prel"].Value.ToLowerInvariant()) switch { 0 => "a", 1 => "b", _ => "rc" }) + Number(match.Groups["pren"])
            : "";
        var postNumber = match.Groups["postn1"].Success ? match.Groups["postn1"] : match.Groups["postn2"];
        var post = match.Groups["post"].Success ? $".post{Number(postNumber)}" : "";
        var dev = match.Groups["dev"].Success ? $".dev{Number(match.Groups["devn"])}" : "";
        var local = match.Groups["local"].Success
            ? "+" + string.Join('.', match.Groups["local"].Value.ToLowerInvariant().Split('-', '_', '.')
                .Select(s => s.All(char.IsAsciiDigit) ? ParseNumber(s).ToString(CultureInfo.InvariantCulture) : s))
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"{epoch}{release}{pre}{post}{dev}{local}");
    }

    public int CompareTo(Pep440Version? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Epoch.CompareTo(other.Epoch);
        result = result != 0 ? result : CompareSequences(Release, other.Release, (a, b) => a.CompareTo(b));
        result = result != 0 ? result : PreRank.CompareTo(other.PreRank);
        result = result != 0 ? result : PreNumber.CompareTo(other.PreNumber);
        result = result != 0 ? result : CompareOptional(Post, other.Post, absentFirst: true);
        result = result != 0 ? result : CompareOptional(Dev, other.Dev, absentFirst: false);
        return result != 0 ? result : CompareLocal(Local, other.Local);
    }

    private static int PreReleaseRank(string label) => label switch
    {
        "a" or "alpha" => 0,
        "b" or "beta" => 1,
        _ => 2,
    };

    private static BigInteger ParseNumber(string digits) => BigInteger.Parse(digits, CultureInfo.InvariantCulture);

    private static BigInteger Number(Group group) => group.Success ? ParseNumber(group.Value) : BigInteger.Zero;

    private static int CompareOptional(BigInteger? a, BigInteger? b, bool absentFirst) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => absentFirst ? -1 : 1,
        (_, null) => absentFirst ? 1 : -1,
        _ => a.Value.CompareTo(b.Value),
    };

    // No local part sorts before any; numeric segments sort after alphanumeric ones, numbers by value.
    private static int CompareLocal(string[]? a, string[]? b)
    {
        if (a is null || b is null)
        {
            return (a is not null).CompareTo(b is not null);
        }

        return CompareSequences(a, b, (x, y) =>
        {
            var xNumber = x.All(char.IsAsciiDigit);
            var yNumber = y.All(char.IsAsciiDigit);
            return xNumber && yNumber
                ? ParseNumber(x).CompareTo(ParseNumber(y))
                : xNumber != yNumber ? xNumber.CompareTo(yNumber) : string.CompareOrdinal(x, y);
        });
    }

    private static int CompareSequences<T>(T[] a, T[] b, Func<T, T, int> compare)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var result = compare(a[i], b[i]);
            if (result != 0)
            {
                return result;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    [GeneratedRegex(
        """
        ^v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?
        (?<post>-(?<postn1>[0-9]+)|[-_.]?(?:post|rev|r)[-_.]?(?<postn2>[0-9]+)?)?
        (?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
