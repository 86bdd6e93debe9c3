using TransferPipeline.Hosting.Audit;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>
/// Decides what to do with a batch a crash left cutting. The writer puts manifest.json on every volume
/// before the first signature, so once any volume carries a signature the batch is complete but for the
/// remaining signatures, which are copied (identical on every volume). If all volumes then verify and
/// carry exactly the recorded requests, the batch is shipped. With no committed volume the caller
/// rewrites the batch with the same sequence (the writer discards uncommitted leftovers).
/// </summary>
internal sealed class InterruptedBatchRecovery(
    BatchRepository batches, BatchArtifacts artifacts, SiteKey keys, IOptions<SiteOptions> site, AuditTrail audit, TimeProvider timeProvider,
    ILogger<InterruptedBatchRecovery> logger)
{
    /// <returns>The outcome when the batch was settled here; null when it must be rewritten.</returns>
    public async Task<Outcome<BatchRecord>?> TryCompleteAsync(BatchRecord batch, CancellationToken ct)
    {
        if (!Directory.Exists(batch.MediaDirectory))
        {
            return null;
        }

        var volumes = Directory.EnumerateDirectories(batch.MediaDirectory, batch.Id + "-v*").Order(StringComparer.Ordinal).ToList();
        var signed = volumes.FirstOrDefault(v => File.Exists(Path.Combine(v, BatchFileNames.Signature)));
        if (signed is null)
        {
            return null;
        }

        var signature = await File.ReadAllBytesAsync(Path.Combine(signed, BatchFileNames.Signature), ct);
        // Compared by hash and length, streamed: a manifest of many files is not read into memory.
        var manifest = await Sha256Digest.ComputeFileAsync(Path.Combine(signed, BatchFileNames.Manifest), ct);
        foreach (var volume in volumes.Where(v => !File.Exists(Path.Combine(v, BatchFileNames.Signature))))
        {
            var manifestPath = Path.Combine(volume, BatchFileNames.Manifest);
            if (File.Exists(manifestPath) && await Sha256Digest.ComputeFileAsync(manifestPath, ct) == manifest)
            {
                await DurableFile.WriteAllBytesAsync(Path.Combine(volume, BatchFileNames.Signature), signature, ct);
                logger.LogWarning("Batch {BatchId}: completed the commit of {Volume}", batch.Id, volume);
            }
        }

        return await VerifyRecoveredAsync(batch, volumes, ct);
    }

    private async Task<Outcome<BatchRecord>> VerifyRecoveredAsync(BatchRecord batch, List<string> volumes, CancellationToken ct)
    {
        var trusted = new[] { new TrustedSigningKey(keys.LoadPublicKey(), site.Value.Id) };
        BatchVerificationResult? last = null;
        foreach (var volume in volumes)
        {
            last = await VolumeVerifier.VerifyAsync(volume, trusted, new BatchVerificationOptions { Now = timeProvider.GetUtcNow() }, ct);
            if (!last.IsValid)
            {
                return BatchErrors.InterruptedCommitted(batch.Id, batch.MediaDirectory, $"{volume}: {last.ReasonCode}: {last.Message}");
            }
        }

        var manifest = last!.Manifest!;
        var shipped = manifest.Artifacts.Select(a => a.RequestId).Order(StringComparer.Ordinal).ToList();
        var recorded = (await artifacts.ShippedRequestIdsAsync(batch.RequestIds, ct)).Order(StringComparer.Ordinal);
        if (manifest.BatchId != batch.Id || manifest.Sequence != batch.Sequence || manifest.Volumes.Count != volumes.Count
            || !shipped.SequenceEqual(recorded))
        {
            return BatchErrors.InterruptedCommitted(batch.Id, batch.MediaDirectory,
                $"the volumes found ({volumes.Count}) do not match the recorded batch "
                + $"(its manifest lists {manifest.Volumes.Count} volume(s) and {shipped.Count} request(s))");
        }

        var payload = manifest.Files.Sum(f => f.Size);
        await batches.MarkShippedAsync(batch.Id, last.ManifestSha256!, volumes.Count, payload, ct);
        await audit.RecordAsync(AuditTrail.System, "batch.shipped", batch.Id, new
        {
            batch.Sequence,
            manifestSha256 = last.ManifestSha256,
            volumes = volumes.Count,
            payloadBytes = payload,
            requests = batch.RequestIds,
            media = batch.MediaDirectory,
            recoveredAfterCrash = true,
        }, ct);
        logger.LogInformation("Batch {BatchId} was complete on {Media}; recorded as shipped", batch.Id, batch.MediaDirectory);
        return Outcome<BatchRecord>.Success((await batches.GetAsync(batch.Id, ct))!);
    }
}
