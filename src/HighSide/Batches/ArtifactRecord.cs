using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Batches;

/// <summary>One artifact of a batch as the high side keeps it for review, with its publishing progress.</summary>
internal sealed record ArtifactRecord : ArtifactDescription
{
    public required string BatchId { get; init; }
    public required long Position { get; init; }
    public DateTimeOffset? PublishedUtc { get; init; }
}
