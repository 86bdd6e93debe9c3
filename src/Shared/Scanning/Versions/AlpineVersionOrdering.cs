namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// apk-tools' ordering of <c>digits{.digits}[letter]{_suffix[N]}[~hash][-rN]</c>: numbers compared numerically
/// (after a dot, one with a leading zero compares as text), <c>_alpha _beta _pre _rc</c> before the release,
/// <c>_cvs _svn _git _hg _p</c> after it, then the package release <c>-rN</c>.
/// </summary>
public sealed class AlpineVersionOrdering : IVersionOrdering
{
    public string Ecosystem => "Alpine";

    public bool IsValid(string version) => AlpineVersion.Tokenize(version) is not null;

    public int Compare(string a, string b)
    {
        var left = Tokenize(a);
        var right = Tokenize(b);
        var index = 0;
        while (left[index].Kind == right[index].Kind && left[index].Kind != AlpineTokenKind.End)
        {
            var byValue = left[index].CompareTo(right[index]);
            if (byValue != 0)
            {
                return byValue;
            }

            index++;
        }

        var x = left[index];
        var y = right[index];
        if (x.Kind == y.Kind)
        {
            return 0;
        }

        // Equal so far: the one that goes on is newer, unless it goes on with a pre-release suffix.
        if (x.Kind == AlpineTokenKind.Suffix && x.SuffixRank < AlpineVersion.NoSuffix)
        {
            return -1;
        }

        if (y.Kind == AlpineTokenKind.Suffix && y.SuffixRank < AlpineVersion.NoSuffix)
        {
            return 1;
        }

        return x.Kind > y.Kind ? -1 : 1;
    }

    private static List<AlpineToken> Tokenize(string version) =>
        AlpineVersion.Tokenize(version) ?? throw new FormatException($"'{version}' is not an Alpine package version");
}
