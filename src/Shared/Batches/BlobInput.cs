namespace TransferPipeline.Shared.Batches;

/// <summary>A blob an artifact needs, with its size.</summary>
public sealed record BlobInput(string Digest, long Size);
