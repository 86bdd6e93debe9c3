using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>A content descriptor: what a manifest or index says about a blob or a child manifest.</summary>
public sealed record OciDescriptor
{
    /// <summary>Media type of the referenced content.</summary>
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    /// <summary>Digest of the referenced content.</summary>
    [JsonPropertyName("digest")]
    public required Digest Digest { get; init; }

    /// <summary>Size in bytes of the referenced content; never negative once parsed.</summary>
    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>Platform, on index entries.</summary>
    [JsonPropertyName("platform")]
    public OciPlatform? Platform { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Alternative download locations (foreign layers); this client never follows them.</summary>
    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }
}
