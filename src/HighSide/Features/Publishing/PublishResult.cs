namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>What a publish run did; <see cref="AlreadyPublished"/> when the batch was published before it started.</summary>
internal sealed record PublishResult(string BatchId, string State, int ArtifactsPublished, int ArtifactsSkipped, bool AlreadyPublished = false);
