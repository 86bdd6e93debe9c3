using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// The severity of one affected package of a record: the database's own word (GHSA <c>database_specific.severity</c>),
/// else the highest CVSS v3 base score, else a Debian <c>urgency</c>, else <see cref="ScanSeverity.Unknown"/>.
/// </summary>
internal static class OsvSeverity
{
    public static ScanSeverity Of(OsvRecord record, OsvAffected affected)
    {
        var word = Word(record.DatabaseSpecific, "severity") ?? Word(affected.DatabaseSpecific, "severity");
        var fromWord = word?.ToUpperInvariant() switch
        {
            "CRITICAL" => ScanSeverity.Critical,
            "HIGH" => ScanSeverity.High,
            "MODERATE" or "MEDIUM" => ScanSeverity.Medium,
            "LOW" => ScanSeverity.Low,
            _ => ScanSeverity.Unknown,
        };
        if (fromWord != ScanSeverity.Unknown)
        {
            return fromWord;
        }

        var scores = (record.Severity ?? []).Concat(affected.Severity ?? [])
            .Where(s => string.Equals(s.Type, "CVSS_V3", StringComparison.Ordinal))
            .Select(s => CvssV3.BaseScore(s.Score))
            .OfType<double>()
            .ToList();
        return scores.Count > 0 ? FromScore(scores.Max()) : FromUrgency(record, affected);
    }

    /// <summary>The CVSS v3 qualitative rating of a base score (specification section 5), 0.0 being Unknown.</summary>
    public static ScanSeverity FromScore(double score) => score switch
    {
        >= 9.0 => ScanSeverity.Critical,
        >= 7.0 => ScanSeverity.High,
        >= 4.0 => ScanSeverity.Medium,
        > 0 => ScanSeverity.Low,
        _ => ScanSeverity.Unknown,
    };

    // Debian's security tracker urgency; values such as "low**" or "not yet assigned" occur, only the three words count.
    private static ScanSeverity FromUrgency(OsvRecord record, OsvAffected affected)
    {
        var urgency = Word(affected.EcosystemSpecific, "urgency") ?? Word(affected.DatabaseSpecific, "urgency")
            ?? Word(record.DatabaseSpecific, "urgency");
        return urgency?.TrimEnd('*', ' ').ToUpperInvariant() switch
        {
            "HIGH" => ScanSeverity.High,
            "MEDIUM" => ScanSeverity.Medium,
            "LOW" => ScanSeverity.Low,
            _ => ScanSeverity.Unknown,
        };
    }

    private static string? Word(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(property, out var found)
            && found.ValueKind == JsonValueKind.String
            ? found.GetString()
            : null;
}
