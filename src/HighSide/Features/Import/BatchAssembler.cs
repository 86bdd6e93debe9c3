using System.Globalization;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Completes a batch whose volumes are all in quarantine: places every shipped blob into the batch's quarantine
/// store (a whole blob just verified is moved there; chunks are joined, streaming, and checked against the digest), then
/// checks that the blobs it only references are present from earlier published batches, and, with every blob present,
/// the content rules of the artifacts' kinds (<see cref="IImportedArtifactCheck"/>). Idempotent, so the daemon can re-run
/// it after a crash.
/// </summary>
internal sealed class BatchAssembler(DataDirectory data, BatchRepository batches, BatchBlobRepository batchBlobs,
    QuarantineManifest quarantineManifest, IEnumerable<IImportedArtifactCheck> checks, BatchTransitions transitions, IBatchSignals signals,
    ILogger<BatchAssembler> logger)
{
    private const int MissingListed = 10;

    private static readonly string[] ShipperStates =
        [BatchStates.Assembling, BatchStates.WaitingForBlobs, BatchStates.Scanning, BatchStates.BlockedByScan, BatchStates.AwaitingApproval,
            BatchStates.Approved, BatchStates.Publishing];

    /// <summary>
    /// Completes the batch. <paramref name="verified"/> is its manifest when the caller has just verified it;
    /// otherwise it is read back from quarantine, checked against the digest recorded at import. <paramref name="copied"/> are
    /// the parts of the volume the caller has just copied and verified, with their hashes taken as they were written.
    /// </summary>
    public async Task<BatchRecord> CompleteAsync(string id, BatchManifest? verified, CancellationToken cancellationToken,
        CopiedParts? copied = null)
    {
        var batch = await batches.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"no batch {id}");
        if (batch.State is not (BatchStates.Assembling or BatchStates.WaitingForBlobs or BatchStates.Verified))
        {
            return batch;
        }

        if (batch.State == BatchStates.Assembling)
        {
            var failure = await ReassembleAsync(batch, verified, copied, cancellationToken);
            if (failure is not null)
            {
                await transitions.MoveAsync(id, BatchStates.Refused, "batch.refused", cancellationToken, failure);
                return (await batches.FindAsync(id, cancellationToken))!;
            }
        }

        var missing = await batchBlobs.MissingReferencedAsync(id, MissingListed, cancellationToken);
        if (missing.Count > 0)
        {
            var holders = await batchBlobs.ShippersOfMissingAsync(id, ShipperStates, cancellationToken);
            var more = missing.Count > missing.First.Count ? $" and {missing.Count - missing.First.Count} more" : "";
            var waiting = $"{missing.Count} referenced blob(s) not yet published here: {string.Join(", ", missing.First)}{more}" +
                (holders.Count > 0
                    ? $"; shipped by batch {string.Join(", ", holders)}, which must be published first"
                    : "; import and publish the earlier batch that shipped them");
            if (batch.State != BatchStates.WaitingForBlobs)
            {
                await transitions.MoveAsync(id, BatchStates.WaitingForBlobs, "batch.waiting-for-blobs", cancellationToken, waitingFor: waiting);
            }

            return (await batches.FindAsync(id, cancellationToken))!;
        }

        if (batch.State != BatchStates.Verified && await CheckContentAsync(batch, verified, cancellationToken) is { } refused)
        {
            await transitions.MoveAsync(id, BatchStates.Refused, "batch.refused", cancellationToken, refused);
            return (await batches.FindAsync(id, cancellationToken))!;
        }

        if (batch.State == BatchStates.Verified)
        {
            await signals.BatchVerifiedAsync(id, cancellationToken);
        }
        else
        {
            await transitions.MoveAsync(id, BatchStates.Verified, "batch.verified", cancellationToken,
                signal: ct => signals.BatchVerifiedAsync(id, ct));
        }

        return (await batches.FindAsync(id, cancellationToken))!;
    }

    /// <summary>Re-checks incremental batches after a publish made more blobs present.</summary>
    public async Task RecheckWaitingAsync(CancellationToken cancellationToken)
    {
        foreach (var waiting in await batches.InStatesAsync([BatchStates.WaitingForBlobs, BatchStates.Verified], cancellationToken))
        {
            await CompleteAsync(waiting.Id, null, cancellationToken);
        }
    }

    // A kind's content check refuses the batch before anyone is asked to approve it; the manifest is read only for such kinds.
    private async Task<Failure?> CheckContentAsync(BatchRecord batch, BatchManifest? verified, CancellationToken cancellationToken)
    {
        var kinds = checks.Select(c => c.Kind).ToHashSet(StringComparer.Ordinal);
        if (!(await batches.ArtifactsAsync(batch.Id, cancellationToken)).Any(a => kinds.Contains(a.Kind)))
        {
            return null;
        }

        var artifacts = verified is not null
            ? Outcome<IReadOnlyList<ManifestArtifact>>.Success(verified.Artifacts)
            : await quarantineManifest.ReadArtifactsAsync(batch, cancellationToken);
        if (!artifacts.IsOk)
        {
            return artifacts.Error;
        }

        foreach (var artifact in artifacts.Value)
        {
            foreach (var check in checks.Where(c => c.Kind == artifact.Kind))
            {
                if (await check.CheckAsync(batch.Id, artifact, cancellationToken) is { } failure)
                {
                    return failure;
                }
            }
        }

        return null;
    }

    private async Task<Outcome<BatchManifest>> ManifestAsync(BatchRecord batch, BatchManifest? verified, CancellationToken cancellationToken) =>
        verified is not null ? Outcome<BatchManifest>.Success(verified) : await quarantineManifest.ReadAsync(batch, cancellationToken);

    private async Task<Failure?> ReassembleAsync(BatchRecord batch, BatchManifest? verified, CopiedParts? copied, CancellationToken cancellationToken)
    {
        var read = await ManifestAsync(batch, verified, cancellationToken);
        if (!read.IsOk)
        {
            return read.Error;
        }

        var manifest = read.Value;
        var store = new ContentStore(data.BatchBlobs(batch.Id));
        store.DiscardIncomplete();
        var moves = new StoreMoves(store);
        var shipped = 0;
        foreach (var blob in manifest.Blobs)
        {
            if (!blob.Shipped)
            {
                continue;
            }

            shipped++;
            if (store.Contains(blob.Digest))
            {
                // Only a resumed assembly finds blobs here; they were flushed together, so a crash may have torn one.
                if (await store.IsIntactAsync(blob.Digest, blob.Size, cancellationToken))
                {
                    moves.Kept(store.PathOf(blob.Digest));
                    continue;
                }

                store.Remove(blob.Digest);
            }

            var failure = blob.Chunks is { Count: > 0 }
                ? await PlaceChunkedAsync(batch.Id, blob, moves, store, copied, cancellationToken)
                : await PlaceWholeAsync(batch.Id, blob, moves, store, justVerified: verified is not null, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        // One flush for all blobs instead of two per blob (file and directory): 50,000 small blobs were 100,000 fsyncs.
        moves.Flush();
        logger.LogInformation("Batch {BatchId}: {Count} blobs assembled in quarantine", batch.Id, shipped);
        return null;
    }

    // A whole blob is moved from its volume copy into the store: when this import has just verified the volume, its file's
    // hash, taken as it was copied, is its digest (STR-15) and nothing has written it since; a resumed assembly (after a
    // restart) hashes it again first, as it hashes a blob it finds already in the store (above). A blob that is neither whole
    // in the store nor in its volume copy is quarantine-tampered: a file was durable (synced with its copy) before it was moved.
    private async Task<Failure?> PlaceWholeAsync(string id, ManifestBlob blob, StoreMoves moves, ContentStore store, bool justVerified,
        CancellationToken cancellationToken)
    {
        var file = VolumeFile(id, blob.Volume!.Value, blob.Path!);
        if (new FileInfo(file) is { Exists: true } whole && whole.Length == blob.Size)
        {
            if (!justVerified && "sha256:" + (await Sha256Digest.ComputeFileAsync(file, cancellationToken)).Sha256 != blob.Digest)
            {
                return new Failure(ImportReasons.BlobMismatch, $"blob {blob.Digest} in quarantine no longer has its digest");
            }

            MoveIntoStore(file, blob, store, moves);
            return null;
        }

        return await JoinAsync(blob, store, moves, [new JoinSource(file, 0, null)], cancellationToken);
    }

    // CON-2 (HIGH-4). A blob whose chunks the copy wrote, in order, into one part file is that file: it is checked against the
    // digest with the hash taken as it was copied (this import's volume) or by reading it once (a volume imported earlier, or a
    // resumed assembly), then moved, not written again. Chunks spread over volumes, or in files of their own, are joined.
    private async Task<Failure?> PlaceChunkedAsync(string id, ManifestBlob blob, StoreMoves moves, ContentStore store, CopiedParts? copied,
        CancellationToken cancellationToken)
    {
        var sources = ChunkSources.Of(blob, data.BatchVolumes(id), data.BatchJoined(id));
        if (ChunkSources.WholeIn(sources, blob.Size) is not { } part)
        {
            return await JoinAsync(blob, store, moves, sources, cancellationToken);
        }

        var hex = blob.Digest["sha256:".Length..];
        var sha256 = copied is not null && copied.Volume == blob.Chunks![0].Volume && copied.Parts.Parts.TryGetValue(hex, out var written)
            && written.Length == blob.Size
            ? Sha256Digest.ToHex(written.Sha256)
            : (await Sha256Digest.ComputeFileAsync(part, cancellationToken)).Sha256;
        if (sha256 != hex)
        {
            return new Failure(ImportReasons.BlobMismatch, new BlobDigestMismatchException(blob.Digest, "sha256:" + sha256).Message);
        }

        MoveIntoStore(part, blob, store, moves);
        return null;
    }

    private static async Task<Failure?> JoinAsync(ManifestBlob blob, ContentStore store, StoreMoves moves, IReadOnlyList<JoinSource> sources,
        CancellationToken cancellationToken)
    {
        moves.Wrote();
        try
        {
            await ChunkJoiner.JoinAsync(store, sources, blob.Digest, blob.Size, cancellationToken);
            return null;
        }
        catch (BlobDigestMismatchException ex)
        {
            return new Failure(ImportReasons.BlobMismatch, ex.Message);
        }
        catch (FileNotFoundException)
        {
            return Tampered(blob);
        }
    }

    private static Failure Tampered(ManifestBlob blob) => new(ImportReasons.QuarantineTampered,
        $"blob {blob.Digest} is neither whole in the batch's quarantine store nor in its volume copy; import the batch's media again");

    private static void MoveIntoStore(string file, ManifestBlob blob, ContentStore store, StoreMoves moves)
    {
        var target = store.PathOf(blob.Digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(file, target);
        moves.Moved(file, target);
    }

    private string VolumeFile(string id, int volume, string path) =>
        Path.Combine(data.BatchVolumes(id), volume.ToString("D3", CultureInfo.InvariantCulture), path);
}
