namespace TransferPipeline.HighSide.Features.Import;

/// <summary>Where one chunk of a blob is in quarantine: a range of a file; <see cref="Length"/> null for the whole file.</summary>
internal sealed record JoinSource(string File, long Offset, long? Length);
