namespace TransferPipeline.Shared.Batches;

/// <summary>What to write: identity, validity, artifacts and how the media is sized.</summary>
public sealed record BatchWriteRequest
{
    public const long DefaultChunkSize = 1L << 30;

    public required string BatchId { get; init; }
    public required string SiteId { get; init; }
    public required long Sequence { get; init; }
    public required TimeSpan Validity { get; init; }
    public required IReadOnlyList<BatchArtifactInput> Artifacts { get; init; }
    /// <summary>Bytes one volume may occupy, metadata and file-system rounding included.</summary>
    public required long VolumeCapacity { get; init; }
    /// <summary>Blobs larger than this are split; always below 4 GiB for FAT32.</summary>
    public long ChunkSize { get; init; } = DefaultChunkSize;
    /// <summary>Each file occupies a whole number of these on the media (the cluster size).</summary>
    public int AllocationUnit { get; init; } = 4096;
    /// <summary>Blobs the high side already holds: listed by digest, not shipped.</summary>
    public IReadOnlySet<string> BlobsPresentOnHighSide { get; init; } = new HashSet<string>();
    /// <summary>
    /// PAR2 recovery data on each volume, in percent of the volume's bytes (docs/batch-format.md, section 14); 0 writes none.
    /// Needs Debian's par2 on the writing host.
    /// </summary>
    public int RecoveryPercent { get; init; }
    /// <summary>The verifier's limits: a batch beyond them is refused before anything is written.</summary>
    public BatchLimits Limits { get; init; } = BatchLimits.Default;

    /// <summary>Each blob the artifacts need, once, in the order the artifacts first list them.</summary>
    public IEnumerable<BlobInput> DistinctBlobs()
    {
        var blobs = BatchBlobTable.Of(this);
        for (var i = 0; i < blobs.Count; i++)
        {
            yield return blobs.Blob(i);
        }
    }

    /// <summary>Whether the blob goes onto the media: not when the high side already holds it.</summary>
    public bool Ships(BlobInput blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Ships(blob.Digest);
    }

    internal bool Ships(string digest) => BlobsPresentOnHighSide.Count == 0 || !BlobsPresentOnHighSide.Contains(digest);
}
