namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// dpkg's ordering: <c>[epoch:]upstream[-revision]</c>, each part compared as dpkg's <c>verrevcmp</c> does
/// (non-digit runs by character with <c>~</c> before everything, even the end, and letters before other
/// characters; digit runs numerically).
/// </summary>
public sealed class DebianVersionOrdering : IVersionOrdering
{
    public string Ecosystem => "Debian";

    public bool IsValid(string version) => TryParse(version, out _);

    public int Compare(string a, string b)
    {
        var left = Parse(a);
        var right = Parse(b);
        var byEpoch = left.Epoch.CompareTo(right.Epoch);
        if (byEpoch != 0)
        {
            return byEpoch;
        }

        var byUpstream = CompareParts(left.Upstream, right.Upstream);
        return byUpstream != 0 ? byUpstream : CompareParts(left.Revision, right.Revision);
    }

    private static DebianVersion Parse(string version) =>
        TryParse(version, out var parsed) ? parsed : throw new FormatException($"'{version}' is not a Debian version");

    // The checks dpkg's parseversion makes: a numeric epoch, an upstream part starting with a digit, no empty
    // revision after a hyphen, and only the characters Debian policy allows in each part.
    private static bool TryParse(string? version, out DebianVersion parsed)
    {
        parsed = default;
        var text = version?.Trim();
        if (string.IsNullOrEmpty(text) || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var epoch = 0;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && (colon == 0 || !text[..colon].All(char.IsAsciiDigit) || !int.TryParse(text[..colon], out epoch)))
        {
            return false;
        }

        var rest = text[(colon + 1)..];
        var hyphen = rest.LastIndexOf('-');
        var upstream = hyphen >= 0 ? rest[..hyphen] : rest;
        var revision = hyphen >= 0 ? rest[(hyphen + 1)..] : string.Empty;
        if (upstream.Length == 0 || !char.IsAsciiDigit(upstream[0]) || (hyphen >= 0 && revision.Length == 0))
        {
            return false;
        }

        if (!upstream.All(c => IsAllowed(c) || c == '-' || c == ':') || !revision.All(IsAllowed))
        {
            return false;
        }

        parsed = new DebianVersion(epoch, upstream, revision);
        return true;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~';

    private static int CompareParts(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var byChar = Order(a, i).CompareTo(Order(b, j));
                if (byChar != 0)
                {
                    return byChar;
                }

                i++;
                j++;
            }

            var byNumber = CompareDigitRun(a, ref i, b, ref j);
            if (byNumber != 0)
            {
                return byNumber;
            }
        }

        return 0;
    }

    // Weight of a character in a non-digit run: the end of the run is 0, '~' sorts before it, letters next,
    // and every other character after all letters.
    private static int Order(string s, int index)
    {
        if (index >= s.Length || char.IsAsciiDigit(s[index]))
        {
            return 0;
        }

        var c = s[index];
        return c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;
    }

    private static int CompareDigitRun(string a, ref int i, string b, ref int j)
    {
        while (i < a.Length && a[i] == '0')
        {
            i++;
        }

        while (j < b.Length && b[j] == '0')
        {
            j++;
        }

        var firstDifference = 0;
        while (i < a.Length && j < b.Length && char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
        {
            if (firstDifference == 0)
            {
                firstDifference = a[i] - b[j];
            }

            i++;
            j++;
        }

        if (i < a.Length && char.IsAsciiDigit(a[i]))
        {
            return 1;
        }

        return j < b.Length && char.IsAsciiDigit(b[j]) ? -1 : Math.Sign(firstDifference);
    }

    private readonly record struct DebianVersion(int Epoch, string Upstream, string Revision);
}
