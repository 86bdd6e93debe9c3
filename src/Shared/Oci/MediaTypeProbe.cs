using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>Just enough of a manifest to tell its type when the registry sent no usable Content-Type.</summary>
internal sealed record MediaTypeProbe
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public JsonElement? Manifests { get; init; }

    [JsonPropertyName("config")]
    public JsonElement? Config { get; init; }
}
