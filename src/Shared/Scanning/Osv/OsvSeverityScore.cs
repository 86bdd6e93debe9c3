namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>An OSV severity entry: a scoring system (<c>CVSS_V3</c>, …) and its vector.</summary>
internal sealed record OsvSeverityScore(string? Type, string? Score);
