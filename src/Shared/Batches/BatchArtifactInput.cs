namespace TransferPipeline.Shared.Batches;

/// <summary>An artifact to put in a batch: what the manifest says of it and the blobs it needs, root first.</summary>
public sealed record BatchArtifactInput
{
    public required string Kind { get; init; }
    public required string Source { get; init; }
    public required string Digest { get; init; }
    public string? MediaType { get; init; }
    public required string Name { get; init; }
    public string? Version { get; init; }
    public required string Requester { get; init; }
    public required string RequestId { get; init; }
    public required string Justification { get; init; }
    public string? Ticket { get; init; }
    public required IReadOnlyList<BlobInput> Blobs { get; init; }
}
