namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>A batch's latest scan for its review packet: outcome, scanner data, and every finding (malware first).</summary>
internal sealed record ScanReport(
    string Outcome,
    string DataVersions,
    DateTimeOffset? DataTimeUtc,
    string? Error,
    long Files,
    DateTimeOffset FinishedUtc,
    string BlockAt,
    IReadOnlyList<ReportedFinding> Findings);
