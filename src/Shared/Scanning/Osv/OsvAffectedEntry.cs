namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// What matching needs of one affected package of one record: the record's id and title, the severity, the release
/// the entry is limited to (<c>12</c> of <c>Debian:12</c>), the listed versions and the ECOSYSTEM/SEMVER ranges.
/// </summary>
internal sealed record OsvAffectedEntry(
    string RecordId,
    string Title,
    ScanSeverity Severity,
    string? Release,
    IReadOnlyList<string> Versions,
    IReadOnlyList<OsvRange> Ranges);
