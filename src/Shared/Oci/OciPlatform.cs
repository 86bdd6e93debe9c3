using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>The platform an index entry is built for.</summary>
public sealed record OciPlatform
{
    /// <summary>CPU architecture, e.g. <c>amd64</c>, <c>arm64</c>.</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>Operating system, e.g. <c>linux</c>.</summary>
    [JsonPropertyName("os")]
    public required string Os { get; init; }

    /// <summary>CPU variant, e.g. <c>v8</c> for arm64.</summary>
    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    /// <inheritdoc />
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
