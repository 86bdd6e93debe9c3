namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Decides which bytes go on which volume. Blobs keep their artifact order so an image usually lands
/// whole on one volume (and stays readable as an OCI layout); blobs over the chunk size, or large
/// blobs meeting a volume boundary, are split into chunks of at most <see cref="MaxPiece"/>, so that
/// verifying a volume of one large blob hashes its chunks on every core. Every volume keeps room for the metadata.
/// The plan is made in the plan given, emptied first: the writer plans again with a larger reserve until the metadata fits,
/// and one plan for every attempt keeps one in memory at a time, not two (issue 18).
/// </summary>
internal sealed class VolumePlanner(long capacity, long chunkSize, int allocationUnit, long metadataReserve, VolumePlan? plan = null)
{
    /// <summary>Blobs up to this size are moved whole to the next volume rather than split.</summary>
    private const long MaxSplitThreshold = 64L * 1024 * 1024;

    /// <summary>
    /// Largest chunk of a blob that is chunked anyway (the chunk size bounds it too). A chunk is hashed on one core; 64 MiB
    /// chunks spread a 1 GiB blob over 16 pieces of work, and each costs one more file and manifest entry (about 300 bytes).
    /// </summary>
    public const long MaxPiece = 64L * 1024 * 1024;

    private VolumePlan? _plan = plan;
    private int _volume = 1;
    private long _remaining;

    public long Usable => capacity - metadataReserve;

    public long MetadataReserve => metadataReserve;

    // Small media (a test stick, a 1 MiB volume) must not leave most of each volume empty.
    private long SplitThreshold => Math.Min(MaxSplitThreshold, Math.Max(allocationUnit, Usable / 8));

    /// <summary>
    /// Plans the blobs of <paramref name="blobs"/> at <paramref name="shipped"/> (all of them when not given), in that order,
    /// in the plan the planner was given if it is of the same blobs.
    /// </summary>
    public VolumePlan Plan(BatchBlobTable blobs, IReadOnlyList<int>? shipped = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (Usable < allocationUnit * 4L)
        {
            throw new ArgumentException(
                $"a volume of {ByteSize.Format(capacity)} cannot hold even the batch metadata ({ByteSize.Format(metadataReserve)})");
        }

        _remaining = Usable;
        _volume = 1;
        var plan = _plan is not null && _plan.Blobs == blobs ? _plan : new VolumePlan(blobs);
        _plan = plan;
        // One piece a blob at least: a list grown by doubling would hold up to three times the plan while it copies.
        plan.Clear(shipped?.Count ?? blobs.Count);
        for (var i = 0; i < (shipped?.Count ?? blobs.Count); i++)
        {
            PlanBlob(plan, shipped?[i] ?? i);
        }

        return plan;
    }

    public long OnDisk(long size) => (size + allocationUnit - 1) / allocationUnit * allocationUnit;

    private void PlanBlob(VolumePlan plan, int blob)
    {
        var size = plan.Blobs.Size(blob);
        var onDisk = OnDisk(size);
        if (size <= chunkSize && onDisk <= _remaining)
        {
            Place(plan, blob, 0, size, null);
            return;
        }

        if (size <= chunkSize && (size <= SplitThreshold || _remaining < SplitThreshold) && onDisk <= Usable)
        {
            NextVolume();
            Place(plan, blob, 0, size, null);
            return;
        }

        long offset = 0;
        var index = 0;
        while (offset < size)
        {
            var room = _remaining / allocationUnit * allocationUnit;
            var freshVolume = _remaining == Usable;
            if (room == 0 || (!freshVolume && room < Math.Min(SplitThreshold, size - offset)))
            {
                NextVolume();
                continue;
            }

            var length = Math.Min(Math.Min(size - offset, Math.Min(chunkSize, MaxPiece)), room);
            Place(plan, blob, offset, length, index++);
            offset += length;
        }
    }

    private void Place(VolumePlan plan, int blob, long offset, long length, int? chunkIndex)
    {
        plan.Add(_volume, blob, offset, length, chunkIndex);
        _remaining -= OnDisk(length);
    }

    private void NextVolume()
    {
        _volume++;
        _remaining = Usable;
    }
}
