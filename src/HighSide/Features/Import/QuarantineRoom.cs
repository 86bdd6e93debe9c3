using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Whether the disk under quarantine has room for a batch before anything is copied. A batch takes its size there, plus its
/// blobs chunked over several volumes once more: the copies of its volumes, whose whole blobs are moved into the batch's store
/// as are the chunks of a blob copied into one part file (<see cref="JoinedParts"/>), and every blob whose chunks are on
/// several volumes joined next to them. What is already in quarantine (volumes imported earlier, blobs a stopped assembly
/// left whole) is not counted again.
/// </summary>
internal sealed class QuarantineRoom(DataDirectory data, BatchRepository batches)
{
    // The file system rounds every file up to its block: 4 KiB covers ext4, XFS and tmpfs.
    private const long PerFile = 4096;

    // SHA256SUMS, the signature and the volume's directories, which ManifestVolume.Bytes does not count.
    private const long ControlFilesPerVolume = 64 * 1024;

    /// <summary>
    /// The refusal when the batch <paramref name="volume"/> belongs to does not fit. Sized from the media's manifest before
    /// it is verified: a lie there only moves the refusal to the write that finds the disk full.
    /// </summary>
    public async Task<Failure?> CheckVolumeAsync(string volume, CancellationToken cancellationToken)
    {
        var (needs, manifestBytes) = await ReadMediaManifestAsync(volume, cancellationToken);
        if (needs is null)
        {
            // Verification will refuse it; until then the copy and its share of reassembled blobs are what it can take.
            return Check(null, 2 * BytesIn(volume));
        }

        var existing = await batches.FindAsync(needs.BatchId, cancellationToken);
        try
        {
            return Check(needs.BatchId, await NeededAsync(needs, manifestBytes, existing?.State == BatchStates.Assembling ? existing : null,
                cancellationToken));
        }
        catch (OverflowException)
        {
            // Sizes no disk holds are a broken or hostile manifest: verification refuses it with its reason, not this check.
            return Check(null, 2 * BytesIn(volume));
        }
    }

    /// <summary>The refusal when the batch's reassembly, all its volumes in, does not fit.</summary>
    public async Task<Failure?> CheckAssemblyAsync(BatchRecord batch, BatchManifest manifest, CancellationToken cancellationToken) =>
        Check(batch.Id, await NeededAsync(BatchSpaceNeeds.Of(manifest), 0, batch, cancellationToken));

    /// <summary>Bytes quarantine still needs for the batch: its volumes not yet in, and its shipped blobs not yet reassembled.</summary>
    public async Task<long> NeededAsync(BatchSpaceNeeds needs, long manifestBytes, BatchRecord? existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needs);
        var have = existing is null ? [] : await batches.VolumeNumbersAsync(existing.Id, cancellationToken);
        var copies = needs.Volumes
            .Where(v => !have.Contains(v.Number))
            .Sum(v => v.Bytes + (v.FileCount * PerFile) + manifestBytes + ControlFilesPerVolume);
        var shipped = needs.Joined.Sum(b => b.Size + PerFile);
        var assembled = existing is null ? 0 : JoinedIn(data.BatchBlobs(existing.Id), needs);
        return copies + Math.Max(0, shipped - assembled);
    }

    private Failure? Check(string? batchId, long needed)
    {
        var quarantine = data.Quarantine();
        var free = DiskSpace.Available(quarantine);
        if (needed <= free)
        {
            return null;
        }

        var full = new InsufficientSpaceException(quarantine, needed, free);
        return ImportErrors.InsufficientSpace(
            $"{full.Message} ({free} bytes free, {needed} needed for batch {batchId ?? "(unreadable manifest)"}: "
            + "its volume copies and the blobs it joins from chunks on several volumes); free space under the data directory and import again");
    }

    private static async Task<(BatchSpaceNeeds? Needs, long Bytes)> ReadMediaManifestAsync(string volume, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = FileMetadataReader.OpenRegular(Path.Combine(volume, BatchFileNames.Manifest), out var metadata);
            if (file is null || metadata.Size > BatchLimits.Default.MaxManifestBytes)
            {
                return (null, 0);
            }

            await using var bounded = new BoundedReadStream(file, metadata.Size);
            return (await ManifestSpaceScan.ReadAsync(bounded, cancellationToken), metadata.Size);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, 0);
        }
    }

    // Bytes of the batch's store that are joined blobs (moved files took no room of their own).
    private static long JoinedIn(string store, BatchSpaceNeeds needs)
    {
        if (!Directory.Exists(store))
        {
            return 0;
        }

        var joined = new ContentStore(store);
        return needs.Joined
            .Select(b => b.Hash is { } hash ? HashNames.Format(HashNames.DigestPrefix, hash) : null)
            .Where(digest => digest is not null && joined.Contains(digest))
            .Sum(digest => joined.SizeOf(digest!));
    }

    private static long BytesIn(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true }).Sum(f => f.Length)
            : 0;
}
