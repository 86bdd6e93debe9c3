using System.Globalization;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Completes a batch whose volumes are all in quarantine: reassembles every shipped blob (whole or
/// from chunks, streaming) into the batch's quarantine store, checked against its digest, then
/// checks that the blobs it only references are present from earlier published batches.
/// Idempotent, so the daemon can re-run it after a crash.
/// </summary>
internal sealed class BatchAssembler(DataDirectory data, SqliteDatabase database, BatchRepository batches, BlobRepository blobs,
    AuditTrail audit, TimeProvider clock, ILogger<BatchAssembler> logger)
{
    public async Task<BatchRecord> CompleteAsync(string id, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"no batch {id}");
        if (batch.State is not (BatchStates.Assembling or BatchStates.WaitingForBlobs or BatchStates.Verified))
        {
            return batch;
        }

        var manifest = ManifestReader.Parse(System.Text.Encoding.UTF8.GetBytes(batch.ManifestJson!));
        if (batch.State == BatchStates.Assembling)
        {
            var failure = await ReassembleAsync(id, manifest, cancellationToken);
            if (failure is not null)
            {
                await SetStateAsync(id, BatchStates.Refused, failure, "batch.refused", cancellationToken);
                return (await batches.FindAsync(id, cancellationToken))!;
            }
        }

        var referenced = manifest.Blobs.Where(b => !b.Shipped).Select(b => b.Digest).ToList();
        var missing = await blobs.MissingAsync(referenced, cancellationToken);
        if (missing.Count > 0)
        {
            var holders = await WhoShipsAsync(id, missing, cancellationToken);
            var waiting = $"{missing.Count} referenced blob(s) not yet published here: {string.Join(", ", missing)}" +
                (holders.Count > 0 ? $"; shipped by batch {string.Join(", ", holders)}, which must be published first" : "; import and publish the earlier batch that shipped them");
            if (batch.State != BatchStates.WaitingForBlobs)
            {
                await SetStateAsync(id, BatchStates.WaitingForBlobs, null, "batch.waiting-for-blobs", cancellationToken, waiting);
            }

            return (await batches.FindAsync(id, cancellationToken))!;
        }

        await SetStateAsync(id, BatchStates.Verified, null, "batch.verified", cancellationToken);
        await SetStateAsync(id, BatchStates.AwaitingApproval, null, "batch.awaiting-approval", cancellationToken);
        return (await batches.FindAsync(id, cancellationToken))!;
    }

    /// <summary>Re-checks incremental batches after a publish made more blobs present.</summary>
    public async Task RecheckWaitingAsync(CancellationToken cancellationToken)
    {
        foreach (var waiting in await batches.InStatesAsync([BatchStates.WaitingForBlobs, BatchStates.Verified], cancellationToken))
        {
            await CompleteAsync(waiting.Id, cancellationToken);
        }
    }

    private async Task<HighSideError?> ReassembleAsync(string id, BatchManifest manifest, CancellationToken cancellationToken)
    {
        var store = new ContentStore(data.BatchBlobs(id));
        store.DiscardIncomplete();
        foreach (var blob in manifest.Blobs.Where(b => b.Shipped))
        {
            if (store.Contains(blob.Digest))
            {
                continue;
            }

            var pieces = blob.Chunks is { Count: > 0 } chunks
                ? chunks.OrderBy(c => c.Index).Select(c => VolumeFile(id, c.Volume, c.Path)).ToList()
                : [VolumeFile(id, blob.Volume!.Value, blob.Path!)];
            try
            {
                await using var stream = new ConcatenatedReadStream(pieces);
                await store.PutAsync(stream, blob.Digest, blob.Size, null, cancellationToken);
            }
            catch (BlobDigestMismatchException ex)
            {
                return new HighSideError(ImportReasons.BlobMismatch, ex.Message);
            }
        }

        logger.LogInformation("Batch {BatchId}: {Count} blobs assembled in quarantine", id, manifest.Blobs.Count(b => b.Shipped));
        return null;
    }

    private async Task<IReadOnlyList<string>> WhoShipsAsync(string id, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        var holders = new List<string>();
        foreach (var other in await batches.InStatesAsync(
            [BatchStates.Assembling, BatchStates.WaitingForBlobs, BatchStates.AwaitingApproval, BatchStates.Approved, BatchStates.Publishing], cancellationToken))
        {
            if (other.Id == id || other.ManifestJson is null)
            {
                continue;
            }

            var manifest = ManifestReader.Parse(System.Text.Encoding.UTF8.GetBytes(other.ManifestJson));
            if (manifest.Blobs.Any(b => b.Shipped && missing.Contains(b.Digest)))
            {
                holders.Add(other.Id);
            }
        }

        return holders;
    }

    private string VolumeFile(string id, int volume, string path) =>
        Path.Combine(data.BatchVolumes(id), volume.ToString("D3", CultureInfo.InvariantCulture), path);

    private async Task SetStateAsync(string id, string state, HighSideError? reason, string action, CancellationToken cancellationToken, string? waitingFor = null)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = connection.BeginTransaction())
        {
            await BatchRepository.SetStateAsync(connection, transaction, id, state, reason?.Code, reason?.Message, waitingFor, clock.GetUtcNow(), cancellationToken);
            await audit.RecordAsync(connection, transaction, AuditTrail.System, action, id,
                new { state, reason = reason?.Code, message = reason?.Message, waitingFor }, cancellationToken);
            transaction.Commit();
        }

        await audit.CommittedAsync();
        if (reason is null)
        {
            logger.LogInformation("Batch {BatchId} is now {State}", id, state);
        }
        else
        {
            logger.LogWarning("Batch {BatchId} is now {State} [{Reason}]: {Message}", id, state, reason.Code, reason.Message);
        }
    }
}
