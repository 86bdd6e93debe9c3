namespace TransferPipeline.Shared.Batches;

/// <summary>An artifact to put in a batch: its description and the blobs it needs with their sizes, root first.</summary>
public sealed record BatchArtifactInput : ArtifactDescription
{
    public required IReadOnlyList<BlobInput> Blobs { get; init; }
}
