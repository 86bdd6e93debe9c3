using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A manifest shipped with an image artifact that points at it upstream (a cosign signature, attestation or SBOM, or
/// another OCI referrer), to be pushed after the image. Its bytes and blobs are among the artifact's blobs.
/// </summary>
public sealed record ManifestAttachment
{
    /// <summary>One of <see cref="AttachmentKinds"/>.</summary>
    [JsonPropertyOrder(0)]
    public required string Kind { get; init; }

    /// <summary>The cosign tag it was found under (<c>sha256-&lt;hex of the artifact digest&gt;.sig</c>); null for a referrer.</summary>
    [JsonPropertyOrder(1)]
    public string? Tag { get; init; }

    /// <summary>The attachment manifest's digest.</summary>
    [JsonPropertyOrder(2)]
    public required string Digest { get; init; }

    /// <summary>The attachment manifest's media type: an OCI or Docker image manifest.</summary>
    [JsonPropertyOrder(3)]
    public required string MediaType { get; init; }
}
