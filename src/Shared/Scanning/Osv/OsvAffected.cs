using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>One affected package of an OSV record, with the versions and ranges it is affected in.</summary>
internal sealed record OsvAffected(
    OsvPackage? Package,
    IReadOnlyList<OsvSeverityScore>? Severity = null,
    IReadOnlyList<OsvRange>? Ranges = null,
    IReadOnlyList<string>? Versions = null,
    JsonElement? EcosystemSpecific = null,
    JsonElement? DatabaseSpecific = null);
