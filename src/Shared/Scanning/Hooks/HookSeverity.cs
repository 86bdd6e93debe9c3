namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>Severities as SARIF and CycloneDX express them, mapped to <see cref="ScanSeverity"/>.</summary>
internal static class HookSeverity
{
    /// <summary>A CVSS-style score (GitHub's <c>security-severity</c> convention); null for 0, negative or not a number.</summary>
    public static ScanSeverity? FromScore(double score) => score switch
    {
        > 10 or double.NaN => null,
        >= 9.0 => ScanSeverity.Critical,
        >= 7.0 => ScanSeverity.High,
        >= 4.0 => ScanSeverity.Medium,
        > 0 => ScanSeverity.Low,
        _ => null,
    };

    /// <summary>A SARIF <c>level</c>; null when it is not one of the four.</summary>
    public static ScanSeverity? FromSarifLevel(string level) => level switch
    {
        "error" => ScanSeverity.High,
        "warning" => ScanSeverity.Medium,
        "note" => ScanSeverity.Low,
        "none" => ScanSeverity.Unknown,
        _ => null,
    };

    /// <summary>A CycloneDX rating's <c>severity</c>; null when it is not one of the spec's values.</summary>
    public static ScanSeverity? FromCycloneDx(string severity) => severity switch
    {
        "critical" => ScanSeverity.Critical,
        "high" => ScanSeverity.High,
        "medium" => ScanSeverity.Medium,
        "low" or "info" or "none" => ScanSeverity.Low,
        "unknown" => ScanSeverity.Unknown,
        _ => null,
    };
}
