namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>The document a site's scanner writes to <c>{output}</c>.</summary>
public enum ScannerOutputFormat
{
    /// <summary>SARIF 2.1.0 (<c>trivy --format sarif</c>, <c>grype -o sarif</c>).</summary>
    Sarif,

    /// <summary>CycloneDX 1.4 to 1.7 JSON with <c>vulnerabilities</c> (<c>trivy --format cyclonedx</c>, <c>grype -o cyclonedx-json</c>).</summary>
    CycloneDxVex,
}
