using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// Matches packages against OSV data. Debian and Alpine records name source packages, so those match on
/// <see cref="PackageCoordinate.SourceName"/> and <see cref="PackageCoordinate.SourceVersion"/> when given. A record
/// for one release (<c>Debian:12</c>) matches only packages of that distro (<c>debian-12</c>), or of unknown distro.
/// A version the ecosystem's ordering cannot compare is reported as affected, its title saying so: a gate must not
/// pass what it could not check.
/// </summary>
public sealed class OsvMatcher(OsvDatabase database)
{
    /// <summary>The scanner name findings carry.</summary>
    public const string ScannerName = "osv";

    /// <summary>
    /// One finding per record and package URL, ordered by id; <paramref name="dataVersion"/> (the OSV export's date or
    /// artifact version) is recorded on each. Packages of ecosystems without an ordering are not matched.
    /// </summary>
    public IReadOnlyList<ScanFinding> Match(IEnumerable<PackageCoordinate> packages, string dataVersion)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var findings = new Dictionary<string, ScanFinding>(StringComparer.Ordinal);
        foreach (var finding in packages.SelectMany(p => MatchOne(p, dataVersion)))
        {
            // A package listed twice, or a record affecting it under two releases, is one finding: the more severe.
            if (!findings.TryGetValue(finding.Id, out var known) || finding.Severity > known.Severity)
            {
                findings[finding.Id] = finding;
            }
        }

        return [.. findings.Values.OrderBy(f => f.Id, StringComparer.Ordinal)];
    }

    private IEnumerable<ScanFinding> MatchOne(PackageCoordinate package, string dataVersion)
    {
        var ordering = VersionOrderings.For(package.Ecosystem);
        if (ordering is null)
        {
            yield break;
        }

        var bySource = ordering.Ecosystem is "Debian" or "Alpine";
        var name = bySource ? package.SourceName ?? package.Name : package.Name;
        var version = bySource ? package.SourceVersion ?? package.Version : package.Version;
        if (OsvPackageKey.For(package.Ecosystem, name) is not { } key)
        {
            yield break;
        }

        foreach (var entry in database.Lookup(key).Where(e => IsRelease(e.Release, ordering.Ecosystem, package.Distro)))
        {
            var check = OsvRangeCheck.Check(entry, ordering, version);
            if (check.Verdict == OsvVerdict.NotAffected)
            {
                continue;
            }

            var title = check.Verdict == OsvVerdict.Uncomparable
                ? $"{entry.Title} (version '{version}' could not be compared with the data's versions, so it is reported as affected)"
                : entry.Title;
            yield return new ScanFinding(
                $"{entry.RecordId}@{WithoutQualifiers(package.Purl)}",
                ScanFindingKind.Vulnerability,
                ScannerName,
                entry.Severity,
                package.Purl,
                title,
                dataVersion,
                package.Name,
                package.Version,
                check.FixedVersion);
        }
    }

    // "Debian:12" is distro "debian-12"; "Alpine:v3.19" is "alpine-3.19", also written "alpine-3.19.1" with the point release.
    private static bool IsRelease(string? release, string ecosystem, string? distro)
    {
        if (release is null || distro is null)
        {
            return true;
        }

        var expected = $"{ecosystem}-{release.TrimStart('v', 'V')}";
        return distro.Equals(expected, StringComparison.OrdinalIgnoreCase)
            || distro.StartsWith(expected + ".", StringComparison.OrdinalIgnoreCase);
    }

    private static string WithoutQualifiers(string purl)
    {
        var end = purl.IndexOfAny(['?', '#']);
        return end >= 0 ? purl[..end] : purl;
    }
}
