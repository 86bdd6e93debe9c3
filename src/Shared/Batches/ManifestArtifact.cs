using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Batches;

/// <summary>One requested artifact carried by a batch, as the signed manifest lists it.</summary>
public sealed record ManifestArtifact : ArtifactDescription
{
    public ManifestArtifact()
    {
    }

    /// <summary>The manifest's entry for <paramref name="description"/>.</summary>
    [SetsRequiredMembers]
    public ManifestArtifact(ArtifactDescription description, string? layoutTag, IReadOnlyList<string> blobs)
        : base(description)
    {
        LayoutTag = layoutTag;
        Blobs = blobs;
    }

    /// <summary>The OCI layout tag (org.opencontainers.image.ref.name) for kinds listed in the volume's OCI layout.</summary>
    [JsonPropertyOrder(10)]
    public string? LayoutTag { get; init; }

    /// <summary>Every blob the artifact needs, shipped in this batch or already present on the high side, its own digest first.</summary>
    [JsonPropertyOrder(11)]
    [JsonConverter(typeof(ManifestDigestListConverter))]
    public required IReadOnlyList<string> Blobs { get; init; }

    /// <summary>
    /// Images only, optional (absent in manifests written before it existed): upstream manifests that point at the image,
    /// each also listed in <see cref="Blobs"/> with the blobs it needs. Never an empty list.
    /// </summary>
    [JsonPropertyOrder(12)]
    public IReadOnlyList<ManifestAttachment>? Attachments { get; init; }

    /// <summary>The UTF-16 code units of every text this artifact holds, its attachments' included (ART-18).</summary>
    public long TextLength()
    {
        long length = Kind.Length + Source.Length + Digest.Length + (MediaType?.Length ?? 0) + Name.Length + (Version?.Length ?? 0)
            + Requester.Length + RequestId.Length + Justification.Length + (Ticket?.Length ?? 0) + (LayoutTag?.Length ?? 0);
        foreach (var attachment in Attachments ?? [])
        {
            length += attachment.Kind.Length + (attachment.Tag?.Length ?? 0) + attachment.Digest.Length + attachment.MediaType.Length;
        }

        return length;
    }
}
