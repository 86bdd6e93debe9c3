using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

internal sealed record TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }
}
