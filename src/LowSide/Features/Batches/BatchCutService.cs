using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>
/// Cuts the next batch: the gathered, unshipped artifacts, oldest first, up to Batches:MaxBlobsPerBatch
/// blobs (the rest wait for the next batch), written with the foundation writer, every
/// volume read back and verified with the site's own key, and only then recorded as shipped. A batch
/// a crash left cutting is finished (if its committed volumes verify) or rewritten with its sequence.
/// </summary>
internal sealed class BatchCutService(
    BatchRepository batches, BatchArtifacts artifacts, ContentStore store, SiteKey keys, InterruptedBatchRecovery recovery,
    IOptions<BatchesOptions> options, IOptions<SiteOptions> site, IProgressFactory progressFactory, AuditTrail audit, TimeProvider timeProvider,
    LeasedWork leased, ILogger<BatchCutService> logger, PipelineMetrics metrics)
{
    private static readonly SemaphoreSlim OneCutAtATime = new(1, 1);

    public Task<Outcome<BatchRecord>> CutAsync(string? mediaDirectory, string? volumeSize, CancellationToken ct) =>
        CutAsync(mediaDirectory, volumeSize, resumeOnly: false, ct);

    /// <summary>Finishes a batch a crash left cutting, if there still is one; never starts a new batch.</summary>
    public Task<Outcome<BatchRecord>> ResumeInterruptedAsync(string mediaDirectory, CancellationToken ct) =>
        CutAsync(mediaDirectory, null, resumeOnly: true, ct);

    private async Task<Outcome<BatchRecord>> CutAsync(string? mediaDirectory, string? volumeSize, bool resumeOnly, CancellationToken ct)
    {
        var media = mediaDirectory ?? options.Value.MediaDirectory;
        if (string.IsNullOrWhiteSpace(media))
        {
            return BatchErrors.NoMedia();
        }

        var sizeText = volumeSize ?? options.Value.VolumeSize;
        if (!ByteSize.TryParse(sizeText, out var capacity) || capacity < 1024 * 1024)
        {
            return BatchErrors.BadVolumeSize(sizeText);
        }

        media = Path.GetFullPath(media);
        await OneCutAtATime.WaitAsync(ct);
        try
        {
            // Across processes the cut lease keeps cuts serial: sequences are assigned one cut at a time, without gaps.
            var (ran, outcome) = await leased.RunAsync(DatabaseLeases.Cut, t => CutHoldingLeaseAsync(media, capacity, resumeOnly, t), ct);
            return ran ? outcome! : BatchErrors.CutInProgress();
        }
        finally
        {
            OneCutAtATime.Release();
        }
    }

    private async Task<Outcome<BatchRecord>> CutHoldingLeaseAsync(string media, long capacity, bool resumeOnly, CancellationToken ct)
    {
        var (batch, resumed) = await batches.StartAsync(
            site.Value.Id, media, capacity, new CutBudget(options.Value.MaxBlobsPerBatch, options.Value.MaxArtifactsPerBatch), ct, resumeOnly);
        if (batch is null)
        {
            return BatchErrors.NothingToShip();
        }

        using var timing = metrics.Time("cut");

        if (resumed)
        {
            logger.LogWarning("Batch {BatchId} was interrupted; resuming it", batch.Id);
            var recovered = await recovery.TryCompleteAsync(batch, ct);
            if (recovered is { } finished)
            {
                return finished;
            }

            await batches.UpdateMediaDirectoryAsync(batch.Id, media, ct);
            batch = batch with { MediaDirectory = media, VolumeSize = capacity };
        }

        return await WriteAndVerifyAsync(batch, ct);
    }

    private async Task<Outcome<BatchRecord>> WriteAndVerifyAsync(BatchRecord batch, CancellationToken ct)
    {
        // Written in a method of its own so that the writer's inputs (every blob of every request) are
        // unreachable, and then collected, while the volumes are read back: the two phases do not add up in memory.
        var outcome = await WriteAsync(batch, ct);
        if (outcome.Value is not { } written)
        {
            return outcome.Error!;
        }

        await BatchWriter.CollectWriterHeapAsync();
        Failure? failure;
        using (written)
        {
            failure = await VerifyAsync(batch.Id, written, ct);
        }

        if (failure is not null)
        {
            await batches.MarkFailedAsync(batch.Id, failure.Message, ct);
            await audit.RecordAsync(AuditTrail.System, "batch.failed", batch.Id, new { batch.Sequence, reason = failure.Message }, ct);
            return failure;
        }

        await batches.MarkShippedAsync(batch.Id, written.ManifestSha256, written.VolumeDirectories.Count, written.PayloadBytes, ct);
        await audit.RecordAsync(AuditTrail.System, "batch.shipped", batch.Id, new
        {
            batch.Sequence,
            written.ManifestSha256,
            volumes = written.VolumeDirectories.Count,
            written.PayloadBytes,
            requests = batch.RequestIds,
            media = batch.MediaDirectory,
        }, ct);
        logger.LogInformation("Batch {BatchId} shipped: {Volumes} volume(s), {Bytes} payload bytes, {Artifacts} artifact(s)",
            batch.Id, written.VolumeDirectories.Count, written.PayloadBytes, batch.RequestIds.Count);
        return Outcome<BatchRecord>.Success((await batches.GetAsync(batch.Id, ct))!);
    }

    private async Task<Outcome<BatchWriteResult>> WriteAsync(BatchRecord batch, CancellationToken ct)
    {
        var request = new BatchWriteRequest
        {
            BatchId = batch.Id,
            SiteId = site.Value.Id,
            Sequence = batch.Sequence,
            Validity = options.Value.Validity,
            Artifacts = await artifacts.ForAsync(batch.RequestIds, ct),
            VolumeCapacity = batch.VolumeSize,
            ChunkSize = ByteSize.TryParse(options.Value.ChunkSize, out var chunk) ? chunk : BatchWriteRequest.DefaultChunkSize,
            BlobsPresentOnHighSide = await batches.BlobsPresentOnHighSideAsync(batch.Id, ct),
            RecoveryPercent = options.Value.Recovery,
        };

        MinisignSecretKey key;
        try
        {
            key = keys.LoadSecretKey();
        }
        catch (Exception ex) when (ex is KeyPasswordException or CryptographicException or MinisignFormatException or IOException)
        {
            // Nothing was written: forget the batch so that the next cut uses its sequence.
            await batches.DiscardAsync(batch.Id, ct);
            return BatchErrors.KeyUnavailable(keys.SecretKeyPath, ex.Message);
        }

        BatchWriteResult written;
        using (key)
        {
            var progress = progressFactory.Create($"write {batch.Id}");
            progress.AddTotal(request.DistinctBlobs().Where(request.Ships).Sum(b => b.Size));
            try
            {
                written = await new BatchWriter(store, timeProvider, store.Incoming).WriteAsync(request, key, batch.MediaDirectory, progress.Deltas(), ct);
            }
            catch (InsufficientSpaceException ex)
            {
                await batches.DiscardAsync(batch.Id, ct);
                return BatchErrors.InsufficientSpace(batch.MediaDirectory, ex.NeededBytes, ex.AvailableBytes);
            }
            catch (BatchTooLargeException ex)
            {
                await batches.DiscardAsync(batch.Id, ct);
                return BatchErrors.TooLarge(ex.Message);
            }

            progress.Complete();
        }

        return Outcome<BatchWriteResult>.Success(written);
    }

    // Payload files were read back and hashed while the next ones were written; this reads the volume's
    // control and layout files back, checks the signature with the site's own key, the inventory on the
    // media, and every payload hash the signed manifest lists against the hash read back.
    private async Task<Failure?> VerifyAsync(string batchId, BatchWriteResult written, CancellationToken ct)
    {
        var volumes = written.VolumeDirectories;
        var trusted = new[] { new TrustedSigningKey(keys.LoadPublicKey(), site.Value.Id) };
        var progress = progressFactory.Create($"verify {batchId}");
        progress.AddTotal(ListedBytes(volumes));
        foreach (var volume in volumes)
        {
            var result = await VolumeVerifier.VerifyAsync(volume, trusted, new BatchVerificationOptions
            {
                Now = timeProvider.GetUtcNow(),
                Progress = progress.Deltas(),
                Parallelism = Math.Min(Environment.ProcessorCount, 2),
                ReadBack = written.ReadBack,
                WorkDirectory = store.Incoming,
            }, ct);
            if (!result.IsValid)
            {
                return BatchErrors.VerificationFailed(batchId, volume, result.ReasonCode, result.Message);
            }
        }

        progress.Complete();
        return null;
    }

    // What the verifier reports progress for: every file the manifest lists (payload pieces and the OCI
    // layout files beside them), which is every file on the volume but its control files and its recovery
    // files (hashed as read back when they were made; the verifier does not judge a volume by them).
    private static long ListedBytes(IEnumerable<string> volumes) =>
        volumes.Sum(volume => new DirectoryInfo(volume).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(volume, f.FullName), f.Length))
            .Where(f => !BatchFileNames.IsControlFile(f.Path) && !RecoveryFileNames.IsRecoveryFile(f.Path))
            .Sum(f => f.Length));
}
