namespace TransferPipeline.HighSide.Contracts;

/// <summary>Publish an approved batch (or resume publishing it).</summary>
public sealed record PublishBatch(string BatchId);
