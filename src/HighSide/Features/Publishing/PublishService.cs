using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>
/// Publishes approved batches, idempotently and resumably: approvals re-verified first, then each
/// artifact published (every byte hashed from quarantine as it is sent, committed only if it matches)
/// and recorded as done, so a restart after a crash carries on where it stopped without duplicates.
/// </summary>
internal sealed class PublishService(DataDirectory data, BatchRepository batches,
    ApprovalTally approvals, TrustRepository trust, BatchAssembler assembler, BatchTransitions transitions, IServiceProvider services,
    AuditTrail audit, TimeProvider clock, ILogger<PublishService> logger)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Every batch that is approved or was being published.</summary>
    public async Task<IReadOnlyList<Outcome<PublishResult>>> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var results = new List<Outcome<PublishResult>>();
        foreach (var batch in await batches.InStatesAsync([BatchStates.Publishing, BatchStates.Approved], cancellationToken))
        {
            results.Add(await PublishAsync(batch.Id, cancellationToken));
        }

        return results;
    }

    public async Task<Outcome<PublishResult>> PublishAsync(string id, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            // The daemon and a CLI `publish` never write the same mirror at once.
            await using var exclusive = await ExclusiveFileLock.AcquireAsync(
                Path.Combine(data.Quarantine(), ".publish.lock"),
                TimeSpan.FromHours(2),
                cancellationToken);
            return await PublishLockedAsync(id, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<Outcome<PublishResult>> PublishLockedAsync(string id, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(id, cancellationToken);
        if (batch is null)
        {
            return new Failure(ApprovalReasons.BatchNotFound, $"no batch {id}", FailureKind.NotFound);
        }

        if (batch.State == BatchStates.Published)
        {
            return new PublishResult(id, batch.State, 0, 0);
        }

        var refusal = await CheckPublishableAsync(batch, cancellationToken);
        if (refusal is not null)
        {
            await audit.RecordAsync(AuditTrail.System, "publish.refused", id, new { reason = refusal.Code, message = refusal.Message }, cancellationToken);
            return refusal;
        }

        if (batch.State != BatchStates.Publishing)
        {
            await transitions.MoveAsync(id, BatchStates.Publishing, "publish.started", cancellationToken);
        }

        PrepareMirrors();
        var published = 0;
        var skipped = 0;
        var artifacts = await batches.ArtifactsAsync(id, cancellationToken);
        foreach (var artifact in artifacts)
        {
            if (artifact.PublishedUtc is not null)
            {
                skipped++;
                continue;
            }

            var failure = await PublishArtifactAsync(id, artifact, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            published++;
        }

        await CompleteAsync(id, artifacts.Count, cancellationToken);
        await assembler.RecheckWaitingAsync(cancellationToken);
        return new PublishResult(id, BatchStates.Published, published, skipped);
    }

    private async Task<Failure?> CheckPublishableAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (BatchStates.IsFinalFailure(batch.State))
        {
            return new Failure(PublishReasons.NotPublishable, $"batch {batch.Id} is {batch.State} and can never be published", FailureKind.Conflict);
        }

        if (batch.State is not (BatchStates.Approved or BatchStates.Publishing))
        {
            return new Failure(PublishReasons.NotApproved, $"batch {batch.Id} is {batch.State}, not approved", FailureKind.Conflict);
        }

        if (await trust.FindAsync(batch.KeyId ?? "", cancellationToken) is not { IsRevoked: false })
        {
            return new Failure("key-revoked", $"batch {batch.Id} was signed with key {batch.KeyId}, which is revoked or no longer trusted");
        }

        // Signatures are verified again here, so a row written straight into the database cannot stand in
        // for an approval. Once publishing has begun, an approval's expiry no longer stops it half-way.
        var verdicts = await approvals.EvaluateAsync(batch, cancellationToken);
        var counted = verdicts.Count(v => v.Counts || (batch.State == BatchStates.Publishing && v.DiscountedBecause == ApprovalReasons.Expired));
        return counted >= approvals.Required
            ? null
            : new Failure(ApprovalReasons.Insufficient,
                $"batch {batch.Id} has {counted} valid approval(s) of {approvals.Required} required "
                + $"({string.Join(", ", verdicts.Where(v => !v.Counts).Select(v => $"{v.Approval.Officer}: {v.DiscountedBecause}"))})");
    }

    private async Task<Failure?> PublishArtifactAsync(string id, ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        try
        {
            var kind = PublishKinds.Find(artifact.Kind)
                ?? throw new PublishException(PublishReasons.QuarantineTampered, $"unknown artifact kind {artifact.Kind}");
            await services.GetRequiredKeyedService<IArtifactPublisher>(kind.Name).PublishAsync(id, artifact, cancellationToken);
        }
        catch (Exception ex) when (ex is PublishException or RegistryException or DigestMismatchException or HttpRequestException or IOException)
        {
            var code = ex is PublishException p ? p.Code : PublishReasons.MirrorFailed;
            if (code == PublishReasons.QuarantineTampered)
            {
                await transitions.MoveAsync(id, BatchStates.Refused, "batch.refused", cancellationToken, new Failure(code, ex.Message));
            }
            else
            {
                await audit.RecordAsync(
                    AuditTrail.System,
                    "publish.failed",
                    id,
                    new { artifact = artifact.Name, reason = code, message = ex.Message },
                    cancellationToken);
            }

            logger.LogError("Publishing {Artifact} of batch {BatchId} failed [{Reason}]: {Message}", artifact.Name, id, code, ex.Message);
            return new Failure(code, $"publishing {artifact.Kind} {artifact.Name} of batch {id} failed: {ex.Message}");
        }

        await batches.MarkArtifactPublishedAsync(id, artifact.Position, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(AuditTrail.System, "artifact.published", id,
            new { kind = artifact.Kind, name = artifact.Name, version = artifact.Version, digest = artifact.Digest }, cancellationToken);
        logger.LogInformation("Published {Kind} {Artifact} of batch {BatchId}", artifact.Kind, artifact.Name, id);
        return null;
    }

    private async Task CompleteAsync(string id, int artifacts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            var blobs = await BatchBlobRepository.PublishShippedAsync(unit.Connection, unit.Transaction, id, now, cancellationToken);
            await BatchRepository.SetStateAsync(unit.Connection, unit.Transaction, id, BatchStates.Published, null, null, null, now, cancellationToken);
            await unit.RecordAsync(AuditTrail.System, "batch.published", id, new { artifacts, blobs }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
    }

    private void PrepareMirrors()
    {
        foreach (var kind in PublishKinds.All)
        {
            services.GetRequiredKeyedService<IArtifactPublisher>(kind.Name).Prepare();
        }
    }
}
