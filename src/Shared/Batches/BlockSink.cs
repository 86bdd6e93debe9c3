namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Receives a file's bytes in blocks as they are produced (to hash, write or only count them), so that
/// large metadata such as manifest.json and SHA256SUMS is never held whole in memory.
/// </summary>
internal delegate void BlockSink(ReadOnlySpan<byte> block);
