using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>One vulnerability record in the OSV schema (https://ossf.github.io/osv-schema/), as far as matching reads it.</summary>
internal sealed record OsvRecord(
    string? Id,
    string? Modified,
    string? Published = null,
    string? Withdrawn = null,
    IReadOnlyList<string>? Aliases = null,
    string? Summary = null,
    string? Details = null,
    IReadOnlyList<OsvSeverityScore>? Severity = null,
    IReadOnlyList<OsvAffected>? Affected = null,
    JsonElement? DatabaseSpecific = null);
