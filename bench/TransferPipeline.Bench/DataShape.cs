namespace TransferPipeline.Bench;

/// <summary>The data shapes of the benchmark.</summary>
internal enum DataShape
{
    Big,
    Mixed,
    Small,
}
