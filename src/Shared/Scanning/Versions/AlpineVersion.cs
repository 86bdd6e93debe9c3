namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// Splits an apk version, <c>digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]</c>, into the tokens apk-tools'
/// version.c compares; null when apk-tools would reject it.
/// </summary>
internal static class AlpineVersion
{
    /// <summary>Where the release itself ranks among suffixes: <c>_alpha _beta _pre _rc</c> before it, the rest after.</summary>
    public const int NoSuffix = 4;

    private static readonly string[] Suffixes = ["alpha", "beta", "pre", "rc", string.Empty, "cvs", "svn", "git", "hg", "p"];

    public static List<AlpineToken>? Tokenize(string? version)
    {
        if (string.IsNullOrEmpty(version) || !char.IsAsciiDigit(version[0]))
        {
            return null;
        }

        var position = 0;
        var tokens = new List<AlpineToken> { Digits(version, ref position, AlpineTokenKind.InitialDigit) };
        while (position < version.Length)
        {
            var token = Next(version, ref position, tokens[^1].Kind);
            if (token is null)
            {
                return null;
            }

            tokens.Add(token.Value);
        }

        return tokens.Any(t => t.Kind is AlpineTokenKind.ReleaseNumber or AlpineTokenKind.Digit && t.Text.Length == 0)
            ? null
            : [.. tokens, new AlpineToken(AlpineTokenKind.End, string.Empty)];
    }

    // The token starting at position, if the previous one allows it there.
    private static AlpineToken? Next(string s, ref int position, AlpineTokenKind previous)
    {
        var c = s[position];
        if (char.IsAsciiLetterLower(c) && previous <= AlpineTokenKind.Digit)
        {
            position++;
            return new AlpineToken(AlpineTokenKind.Letter, c.ToString());
        }

        if (char.IsAsciiDigit(c) && previous == AlpineTokenKind.Suffix)
        {
            return Digits(s, ref position, AlpineTokenKind.SuffixNumber);
        }

        switch (c)
        {
            case '.' when previous <= AlpineTokenKind.Digit:
                position++;
                return Digits(s, ref position, AlpineTokenKind.Digit);
            case '_' when previous <= AlpineTokenKind.SuffixNumber:
                position++;
                var name = Span(s, ref position, char.IsAsciiLetterLower);
                var rank = Array.IndexOf(Suffixes, name);
                return name.Length == 0 || rank < 0 ? null : new AlpineToken(AlpineTokenKind.Suffix, name, SuffixRank: rank);
            case '~' when previous < AlpineTokenKind.CommitHash:
                position++;
                var hash = Span(s, ref position, char.IsAsciiHexDigitLower);
                return hash.Length == 0 ? null : new AlpineToken(AlpineTokenKind.CommitHash, hash);
            case '-' when previous < AlpineTokenKind.ReleaseNumber && position + 1 < s.Length && s[position + 1] == 'r':
                position += 2;
                return Digits(s, ref position, AlpineTokenKind.ReleaseNumber);
            default:
                return null;
        }
    }

    private static AlpineToken Digits(string s, ref int position, AlpineTokenKind kind)
    {
        var digits = Span(s, ref position, char.IsAsciiDigit);
        var number = ulong.TryParse(digits, out var value) ? value : ulong.MaxValue;
        return new AlpineToken(kind, digits, number);
    }

    private static string Span(string s, ref int position, Func<char, bool> accepts)
    {
        var start = position;
        while (position < s.Length && accepts(s[position]))
        {
            position++;
        }

        return s[start..position];
    }
}
