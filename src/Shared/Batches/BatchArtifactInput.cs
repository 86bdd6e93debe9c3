namespace TransferPipeline.Shared.Batches;

/// <summary>An artifact to put in a batch: its description and the blobs it needs with their sizes, root first.</summary>
public sealed record BatchArtifactInput : ArtifactDescription
{
    public required IReadOnlyList<BlobInput> Blobs { get; init; }

    /// <summary>Upstream manifests that travel with an image; each one's digest and blobs are also in <see cref="Blobs"/>.</summary>
    public IReadOnlyList<ManifestAttachment> Attachments { get; init; } = [];
}
