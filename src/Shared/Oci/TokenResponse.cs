using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>A token server answer; registries use either <c>token</c> or <c>access_token</c>.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }
}
