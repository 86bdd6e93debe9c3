using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>The distribution spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record RegistryErrorDocument
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<Entry?>? Errors { get; init; }

    internal sealed record Entry
    {
        [JsonPropertyName("code")]
        public string? Code { get; init; }

        [JsonPropertyName("message")]
        public string? Message { get; init; }

        [JsonPropertyName("detail")]
        public JsonElement? Detail { get; init; }
    }
}
