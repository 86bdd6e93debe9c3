namespace TransferPipeline.HighSide.Batches;

/// <summary>How many referenced blobs are not yet published here, and the first few of them, for the operator.</summary>
internal sealed record MissingBlobs(long Count, IReadOnlyList<string> First);
