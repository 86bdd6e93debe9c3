using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>An OCI image index or Docker manifest list: one manifest per platform.</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public required int SchemaVersion { get; init; }

    /// <summary>The <c>mediaType</c> field of the document, when present.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>Child manifests, usually one per platform.</summary>
    [JsonPropertyName("manifests")]
    public required IReadOnlyList<OciDescriptor> Manifests { get; init; }

    [JsonPropertyName("subject")]
    public OciDescriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>
    /// Parses and validates an index document (schema version 2, valid sha256 digests, non-negative
    /// sizes, well-formed media types, no duplicate keys). Throws <see cref="OciFormatException"/>.
    /// </summary>
    public static ImageIndex Parse(ReadOnlySpan<byte> json)
    {
        OciJson.RefuseFieldNamesInOtherCase(json, "image index");
        var index = OciJson.Deserialize(json, OciJsonContext.Default.ImageIndex, "image index");
        OciJson.ValidateIndex(index);
        return index;
    }

    /// <summary>The entry for <paramref name="os"/>/<paramref name="architecture"/>(/<paramref name="variant"/>), or null.</summary>
    public OciDescriptor? FindPlatform(string os, string architecture, string? variant = null) =>
        Manifests.FirstOrDefault(m => m.Platform is { } p
            && p.Os == os
            && p.Architecture == architecture
            && (variant is null || p.Variant == variant));
}
