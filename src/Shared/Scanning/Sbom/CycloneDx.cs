namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>Names the CycloneDX writer and reader share.</summary>
public static class CycloneDx
{
    /// <summary>The media type of a CycloneDX JSON SBOM.</summary>
    public const string MediaType = "application/vnd.cyclonedx+json";

    /// <summary>The specification version written.</summary>
    public const string SpecVersion = "1.5";

    /// <summary>Component property: the digest of the layer the listing file came from.</summary>
    public const string LayerProperty = "transferpipeline:layer";

    /// <summary>Component property: the path of the listing file in the image.</summary>
    public const string PathProperty = "transferpipeline:path";

    /// <summary>Component property: the source package (Debian <c>Source:</c>, Alpine origin).</summary>
    public const string SourceNameProperty = "transferpipeline:source-name";

    /// <summary>Component property: the source package's version when it differs from the component's.</summary>
    public const string SourceVersionProperty = "transferpipeline:source-version";

    /// <summary>Metadata property: a layer the inventory could not read, so the SBOM may be incomplete.</summary>
    public const string UnreadableLayerProperty = "transferpipeline:unreadable-layer";

    /// <summary>Specification versions the reader accepts: the same component and purl fields since 1.2.</summary>
    public static readonly IReadOnlyList<string> ReadableSpecVersions = ["1.2", "1.3", "1.4", "1.5", "1.6"];
}
