using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>An OCI image manifest or Docker schema 2 manifest: one config blob and ordered layers.</summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public required int SchemaVersion { get; init; }

    /// <summary>The <c>mediaType</c> field of the document, when present.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>The image config blob.</summary>
    [JsonPropertyName("config")]
    public required OciDescriptor Config { get; init; }

    /// <summary>Layer blobs, base first.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<OciDescriptor> Layers { get; init; }

    [JsonPropertyName("subject")]
    public OciDescriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>
    /// Parses and validates a manifest document (schema version 2, valid sha256 digests, non-negative
    /// sizes, well-formed media types, no duplicate keys). Throws <see cref="OciFormatException"/>.
    /// </summary>
    public static ImageManifest Parse(ReadOnlySpan<byte> json)
    {
        OciJson.RefuseFieldNamesInOtherCase(json, "image manifest");
        var manifest = OciJson.Deserialize(json, OciJsonContext.Default.ImageManifest, "image manifest");
        OciJson.ValidateManifest(manifest);
        return manifest;
    }

    /// <summary>Config first, then layers: every blob this manifest needs.</summary>
    public IEnumerable<OciDescriptor> Blobs() => Layers.Prepend(Config);
}
