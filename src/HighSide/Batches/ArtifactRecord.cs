namespace TransferPipeline.HighSide.Batches;

/// <summary>One artifact of a batch, with its publishing progress.</summary>
internal sealed record ArtifactRecord
{
    public required string BatchId { get; init; }
    public required long Position { get; init; }
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
    public DateTimeOffset? PublishedUtc { get; init; }
}
