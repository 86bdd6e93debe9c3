namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>Body of POST /api/batches/cut; both optional.</summary>
internal sealed record CutBatch(string? Media, string? VolumeSize);
