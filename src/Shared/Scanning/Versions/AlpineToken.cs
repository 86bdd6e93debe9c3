namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// One part of an apk version: its text, and for numbers their value, for suffixes their rank
/// (<see cref="AlpineVersion.NoSuffix"/> separates the pre-release suffixes from the later ones).
/// </summary>
internal readonly record struct AlpineToken(AlpineTokenKind Kind, string Text, ulong Number = 0, int SuffixRank = 0)
{
    public int CompareTo(AlpineToken other)
    {
        switch (Kind)
        {
            case AlpineTokenKind.Digit when Text[0] == '0' || other.Text[0] == '0':
            case AlpineTokenKind.Letter or AlpineTokenKind.CommitHash:
                // A number after a dot with a leading zero compares as text, as Gentoo's rules say (1.01 < 1.1).
                return Math.Sign(string.CompareOrdinal(Text, other.Text));
            case AlpineTokenKind.Suffix:
                return SuffixRank.CompareTo(other.SuffixRank);
            default:
                return Number.CompareTo(other.Number);
        }
    }
}
