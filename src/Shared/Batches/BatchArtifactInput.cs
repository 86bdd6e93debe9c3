namespace TransferPipeline.Shared.Batches;

/// <summary>An artifact to put in a batch: its description and the blobs it needs with their sizes, root first.</summary>
public sealed record BatchArtifactInput : ArtifactDescription
{
    private readonly BlobInputList _blobs = BlobInputList.Empty;

    /// <summary>Held as a <see cref="BlobInputList"/>, whatever list is given: 40 bytes a blob.</summary>
    public required IReadOnlyList<BlobInput> Blobs { get => _blobs; init => _blobs = BlobInputList.Of(value); }

    internal BlobInputList BlobList => _blobs;

    /// <summary>Upstream manifests that travel with an image; each one's digest and blobs are also in <see cref="Blobs"/>.</summary>
    public IReadOnlyList<ManifestAttachment> Attachments { get; init; } = [];
}
