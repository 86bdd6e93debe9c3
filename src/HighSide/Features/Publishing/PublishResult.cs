namespace TransferPipeline.HighSide.Features.Publishing;

internal sealed record PublishResult(string BatchId, string State, int ArtifactsPublished, int ArtifactsSkipped);
