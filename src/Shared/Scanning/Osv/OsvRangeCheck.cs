using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// The OSV schema's evaluation of an affected entry: a version is affected when <c>versions[]</c> lists it (or an equal
/// version in the ecosystem's ordering), or when walking a range's events in version order leaves it introduced and
/// not yet fixed (or not past last_affected), and it lies below a limit if the range has one. <c>SEMVER</c> ranges
/// use SemVer, <c>ECOSYSTEM</c> ranges the ecosystem's ordering. An entry with neither versions nor ranges affects
/// every version.
/// </summary>
internal static class OsvRangeCheck
{
    private const string FromTheStart = "0";
    private const string NoLimit = "*";

    public static OsvCheck Check(OsvAffectedEntry entry, IVersionOrdering ordering, string version)
    {
        if (IsListed(entry.Versions, ordering, version))
        {
            var fixedVersion = entry.Ranges
                .Select(r => FirstFixedAfter(r, OrderingOf(r, ordering), version))
                .FirstOrDefault(f => f is not null);
            return new OsvCheck(OsvVerdict.Affected, fixedVersion);
        }

        if (entry.Ranges.Count == 0)
        {
            return new OsvCheck(entry.Versions.Count == 0 ? OsvVerdict.Affected : OsvVerdict.NotAffected);
        }

        var uncomparable = false;
        foreach (var range in entry.Ranges)
        {
            var check = CheckRange(range, OrderingOf(range, ordering), version);
            if (check.Verdict == OsvVerdict.Affected)
            {
                return check;
            }

            uncomparable |= check.Verdict == OsvVerdict.Uncomparable;
        }

        var anyFixed = entry.Ranges.SelectMany(r => r.Events ?? []).Select(e => e.Fixed).FirstOrDefault(f => f is not null);
        return uncomparable ? new OsvCheck(OsvVerdict.Uncomparable, anyFixed) : new OsvCheck(OsvVerdict.NotAffected);
    }

    // Listed verbatim, or the same version spelled otherwise (PEP 440's 1.1.0 is 1.1).
    private static bool IsListed(IReadOnlyList<string> versions, IVersionOrdering ordering, string version) =>
        versions.Contains(version, StringComparer.Ordinal)
        || (ordering.IsValid(version) && versions.Any(v => ordering.IsValid(v) && ordering.Compare(v, version) == 0));

    private static IVersionOrdering OrderingOf(OsvRange range, IVersionOrdering ecosystem) =>
        range.Type == "SEMVER" ? VersionOrderings.SemVer : ecosystem;

    private static OsvCheck CheckRange(OsvRange range, IVersionOrdering ordering, string version)
    {
        var events = Sorted(range, ordering);
        if (events is null || !ordering.IsValid(version))
        {
            return new OsvCheck(OsvVerdict.Uncomparable);
        }

        var limits = events.Where(e => e.Limit is not null).ToList();
        if (limits.Count > 0 && !limits.Any(e => e.Limit == NoLimit || ordering.Compare(version, e.Limit!) < 0))
        {
            return new OsvCheck(OsvVerdict.NotAffected);
        }

        var vulnerable = false;
        foreach (var e in events)
        {
            if (e.Introduced is not null && (e.Introduced == FromTheStart || ordering.Compare(version, e.Introduced) >= 0))
            {
                vulnerable = true;
            }
            else if (e.Fixed is not null && ordering.Compare(version, e.Fixed) >= 0)
            {
                vulnerable = false;
            }
            else if (e.LastAffected is not null && ordering.Compare(version, e.LastAffected) > 0)
            {
                vulnerable = false;
            }
        }

        return vulnerable
            ? new OsvCheck(OsvVerdict.Affected, FirstFixedAfter(range, ordering, version))
            : new OsvCheck(OsvVerdict.NotAffected);
    }

    // The events in version order ("0" first, limit "*" last; stable for equal versions), or null when the ordering
    // cannot read one of them.
    private static List<OsvEvent>? Sorted(OsvRange range, IVersionOrdering ordering)
    {
        var events = (range.Events ?? []).Where(e => VersionOf(e) is not null).ToList();
        if (events.Any(e => !IsBoundary(e) && !ordering.IsValid(VersionOf(e)!)))
        {
            return null;
        }

        return [.. events.Order(Comparer<OsvEvent>.Create((a, b) => Compare(a, b, ordering)))];
    }

    private static int Compare(OsvEvent a, OsvEvent b, IVersionOrdering ordering) => (Rank(a), Rank(b)) switch
    {
        (0, 0) => ordering.Compare(VersionOf(a)!, VersionOf(b)!),
        var (x, y) => x.CompareTo(y),
    };

    private static int Rank(OsvEvent e) => e.Introduced == FromTheStart ? -1 : e.Limit == NoLimit ? 1 : 0;

    private static bool IsBoundary(OsvEvent e) => Rank(e) != 0;

    private static string? VersionOf(OsvEvent e) => e.Introduced ?? e.Fixed ?? e.LastAffected ?? e.Limit;

    private static string? FirstFixedAfter(OsvRange range, IVersionOrdering ordering, string version)
    {
        var events = ordering.IsValid(version) ? Sorted(range, ordering) : null;
        return events?.Select(e => e.Fixed).FirstOrDefault(f => f is not null && ordering.Compare(version, f) < 0);
    }
}
