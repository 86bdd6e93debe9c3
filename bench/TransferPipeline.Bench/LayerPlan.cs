namespace TransferPipeline.Bench;

/// <summary>One layer of a generated image: its size and the seed of its pseudo-random bytes. Images that list the same seed share the blob.</summary>
internal sealed record LayerPlan(long Size, int Seed);
