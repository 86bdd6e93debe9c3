namespace TransferPipeline.Shared.Batches;

/// <summary>Upper bounds a verifier enforces before it reads or trusts anything large.</summary>
public sealed record BatchLimits
{
    /// <summary>
    /// VOL-5. A manifest takes about 500 bytes per file, so this admits <see cref="MaxFiles"/> small files; the
    /// manifest is streamed, never held, so what it costs a verifier does not grow with it.
    /// </summary>
    public long MaxManifestBytes { get; init; } = 256L * 1024 * 1024;
    /// <summary>LAY-2: the OCI layout's index.json, parsed whole; it lists at most one entry per artifact.</summary>
    public long MaxLayoutIndexBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>A volume's SHA256SUMS: one short line per file, so far below this even at <see cref="MaxFiles"/>.</summary>
    public long MaxSumsBytes { get; init; } = 256L * 1024 * 1024;
    public int MaxFiles { get; init; } = 500_000;
    public int MaxArtifacts { get; init; } = 20_000;
    public int MaxVolumes { get; init; } = 999;
    /// <summary>FAT32 cannot hold a file of 4 GiB or more.</summary>
    public long MaxFileBytes { get; init; } = (4L * 1024 * 1024 * 1024) - 1;
    public long MaxBlobBytes { get; init; } = 1L << 40;
    public long MaxBatchBytes { get; init; } = 4L << 40;
    public int MaxTextLength { get; init; } = 4096;
    /// <summary>
    /// ART-18: the artifacts' texts, all together. A verifier holds them while the batch is verified, so this, not
    /// <see cref="MaxManifestBytes"/>, bounds that memory (64 MiB of characters).
    /// </summary>
    public long MaxArtifactTextLength { get; init; } = 32L * 1024 * 1024;
    /// <summary>Sequences above this are refused so a forged huge number cannot lock out later batches.</summary>
    public long MaxSequence { get; init; } = 1L << 40;

    public static BatchLimits Default { get; } = new();
}
