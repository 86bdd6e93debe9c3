namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>How much of an SBOM the reader accepts; an SBOM that crossed the gap is hostile input.</summary>
/// <param name="MaxBytes">The whole document.</param>
/// <param name="MaxComponents">Components, nested ones included.</param>
/// <param name="MaxStringLength">Bytes of any string the reader uses (name, version, purl, property name or value).</param>
public sealed record CycloneDxReaderLimits(long MaxBytes = 64L * 1024 * 1024, int MaxComponents = 100_000, int MaxStringLength = 4096)
{
    /// <summary>The limits used when the caller gives none.</summary>
    public static CycloneDxReaderLimits Default { get; } = new();
}
