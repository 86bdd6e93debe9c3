namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// OSV vulnerability data loaded from a directory (an unpacked <c>scanner-data</c> artifact): every <c>*.json</c> record
/// and every entry of every <c>all.zip</c> export. Only what matching needs is kept, indexed by ecosystem and package.
/// Withdrawn records are left out; of two records with one id the later <c>modified</c> wins.
/// </summary>
public sealed class OsvDatabase
{
    /// <summary>The largest record, in bytes, a file or zip entry may hold.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private readonly Dictionary<OsvPackageKey, List<OsvAffectedEntry>> _index;

    private OsvDatabase(Dictionary<OsvPackageKey, List<OsvAffectedEntry>> index, int recordCount, DateTimeOffset? newestModified)
    {
        _index = index;
        RecordCount = recordCount;
        NewestModified = newestModified;
    }

    /// <summary>How many records (not withdrawn, one per id) the data holds, in any ecosystem.</summary>
    public int RecordCount { get; }

    /// <summary>The newest <c>modified</c> time of any record read, withdrawn ones included: how fresh the data is.</summary>
    public DateTimeOffset? NewestModified { get; }

    /// <summary>
    /// Reads all records under <paramref name="directory"/>. Throws <see cref="OsvDataException"/> naming the file (and
    /// zip entry) of the first record that is malformed or over <see cref="MaxRecordBytes"/>: data that cannot be read
    /// whole must not silently match less.
    /// </summary>
    public static OsvDatabase Load(string directory, CancellationToken ct = default)
    {
        var latest = new Dictionary<string, (DateTimeOffset Modified, OsvRecord Record)>(StringComparer.Ordinal);
        DateTimeOffset? newest = null;
        foreach (var (_, record) in OsvRecordReader.ReadAll(directory, ct))
        {
            var modified = OsvTimestamp.Parse(record.Modified)!.Value;
            newest = newest is null || modified > newest ? modified : newest;
            if (!latest.TryGetValue(record.Id!, out var known) || modified > known.Modified)
            {
                latest[record.Id!] = (modified, record);
            }
        }

        var live = latest.Values.Select(v => v.Record).Where(r => string.IsNullOrWhiteSpace(r.Withdrawn)).ToList();
        var index = new Dictionary<OsvPackageKey, List<OsvAffectedEntry>>();
        foreach (var record in live.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            foreach (var (key, entry) in Entries(record))
            {
                if (!index.TryGetValue(key, out var entries))
                {
                    index[key] = entries = [];
                }

                entries.Add(entry);
            }
        }

        return new OsvDatabase(index, live.Count, newest);
    }

    internal IReadOnlyList<OsvAffectedEntry> Lookup(OsvPackageKey key) => _index.TryGetValue(key, out var entries) ? entries : [];

    private static IEnumerable<(OsvPackageKey Key, OsvAffectedEntry Entry)> Entries(OsvRecord record)
    {
        var title = FirstText(record.Summary, record.Aliases is { Count: > 0 } aliases ? aliases[0] : null, record.Id)!;
        foreach (var affected in record.Affected ?? [])
        {
            if (OsvPackageKey.For(affected.Package?.Ecosystem, affected.Package?.Name) is not { } key)
            {
                continue;
            }

            var ranges = (affected.Ranges ?? [])
                .Where(r => r.Type is "ECOSYSTEM" or "SEMVER" && r.Events is { Count: > 0 })
                .ToList();
            var hasGitRangesOnly = ranges.Count == 0 && affected.Ranges is { Count: > 0 };
            if (hasGitRangesOnly && affected.Versions is not { Count: > 0 })
            {
                continue;
            }

            yield return (key, new OsvAffectedEntry(
                record.Id!,
                title,
                OsvSeverity.Of(record, affected),
                Versions.VersionOrderings.ReleaseName(affected.Package!.Ecosystem),
                affected.Versions ?? [],
                ranges));
        }
    }

    private static string? FirstText(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();
}
