namespace TransferPipeline.Bench;

/// <summary>The data shapes of the benchmark.</summary>
internal enum DataShape
{
    Big,
    Mixed,
    Small,

    /// <summary>Many 256 B - 4 KiB files: the files of a batch of small packages, where the count (not the bytes) is the cost.</summary>
    Tiny,
}
