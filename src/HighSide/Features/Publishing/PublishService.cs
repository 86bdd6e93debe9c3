using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>
/// Publishes approved batches, idempotently and resumably: approvals re-verified first, then each
/// artifact published (every byte hashed from quarantine as it is sent, committed only if it matches)
/// and recorded as done, so a restart after a crash carries on where it stopped without duplicates.
/// </summary>
internal sealed class PublishService(DataDirectory data, BatchRepository batches,
    ApprovalTally approvals, PublishPlanner planner, TrustRepository trust, BatchAssembler assembler, BatchTransitions transitions, IServiceProvider services,
    AuditTrail audit, RestoreGate restored, BatchClaims claims, ClaimedWork claimed, TimeProvider clock, ILogger<PublishService> logger,
    PipelineMetrics metrics)
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

    /// <summary>
    /// Publishes the batch under its claim (ADR 0008): a worker woken for a batch another live worker is publishing, by a
    /// duplicated or redelivered message say, leaves it alone and does nothing twice.
    /// </summary>
    public async Task<Outcome<PublishResult>> PublishAsync(string id, CancellationToken cancellationToken)
    {
        if (await restored.RefuseIfUnconfirmedAsync("publish", cancellationToken) is { } unconfirmed)
        {
            return unconfirmed;
        }

        var (ran, result) = await claimed.RunAsync(claims, id, work => PublishClaimedAsync(id, work), cancellationToken);
        if (ran)
        {
            return result!;
        }

        return await batches.FindAsync(id, CancellationToken.None) switch
        {
            null => new Failure(ApprovalReasons.BatchNotFound, $"no batch {id}", FailureKind.NotFound),
            { State: BatchStates.Published } => new PublishResult(id, BatchStates.Published, 0, 0, AlreadyPublished: true),
            _ => new Failure(PublishReasons.ClaimedElsewhere, $"batch {id} is being published by another worker", FailureKind.Conflict),
        };
    }

    private async Task<Outcome<PublishResult>> PublishClaimedAsync(string id, CancellationToken cancellationToken)
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
            return new PublishResult(id, batch.State, 0, 0, AlreadyPublished: true);
        }

        var rechecked = approvals.Recheck();
        var checkedPlan = await CheckPublishableAsync(batch, rechecked, cancellationToken);
        if (!checkedPlan.IsOk)
        {
            await audit.RecordAsync(AuditTrail.System, "publish.refused", id,
                new { reason = checkedPlan.Error.Code, message = checkedPlan.Error.Message }, cancellationToken);
            return checkedPlan.Error;
        }

        using var timing = metrics.Time("publish");
        if (batch.State != BatchStates.Publishing)
        {
            await transitions.MoveAsync(id, BatchStates.Publishing, "publish.started", cancellationToken);
        }

        PrepareMirrors();
        var done = (await batches.ArtifactsAsync(id, cancellationToken)).Where(a => a.PublishedUtc is not null).Select(a => a.Position).ToHashSet();
        var published = 0;
        foreach (var target in checkedPlan.Value.Targets.Where(t => !done.Contains(t.Position)))
        {
            // Decisions are read again right before every push: a rejection or a withdrawn approval stops what is left.
            var failure = await StoppedAsync(id, checkedPlan.Value, rechecked, cancellationToken) ?? await PublishArtifactAsync(id, target, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            published++;
        }

        await CompleteAsync(id, checkedPlan.Value.Targets.Count, cancellationToken);
        await assembler.RecheckWaitingAsync(cancellationToken);
        return new PublishResult(id, BatchStates.Published, published, done.Count);
    }

    // The plan is derived again from the signed manifest in quarantine, and only approvals of exactly that plan count.
    private async Task<Outcome<PublishPlan>> CheckPublishableAsync(BatchRecord batch, RecheckedDecisions rechecked, CancellationToken cancellationToken)
    {
        if (BatchStates.IsFinalFailure(batch.State))
        {
            return new Failure(PublishReasons.NotPublishable, $"batch {batch.Id} is {batch.State} and can never be published", FailureKind.Conflict);
        }

        if (batch.State is not (BatchStates.Approved or BatchStates.Publishing))
        {
            return new Failure(PublishReasons.NotApproved, $"batch {batch.Id} is {batch.State}, not approved", FailureKind.Conflict);
        }

        // Every move through the gates is audited with the state it reached; a row that disagrees was set by hand.
        var audited = await batches.LastAuditedStateAsync(batch.Id, cancellationToken);
        if (audited == BatchStates.Published)
        {
            return new Failure(PublishReasons.NotPublishable, $"batch {batch.Id} was published already, as the audit trail records", FailureKind.Conflict);
        }

        if (audited != batch.State)
        {
            return new Failure(PublishReasons.StateUnaudited,
                $"batch {batch.Id} is {batch.State} in its row, but the audit trail last recorded it {audited ?? "in no state"}: "
                + "the row was changed outside the product, and it is not published", FailureKind.Conflict);
        }

        if (await trust.FindAsync(batch.KeyId ?? "", cancellationToken) is not { IsRevoked: false })
        {
            return new Failure("key-revoked", $"batch {batch.Id} was signed with key {batch.KeyId}, which is revoked or no longer trusted");
        }

        var plan = await planner.PlanAsync(batch, cancellationToken);
        if (!plan.IsOk)
        {
            await transitions.MoveAsync(batch.Id, BatchStates.Refused, "batch.refused", cancellationToken, plan.Error);
            return plan.Error;
        }

        return await ShortOfApprovalsAsync(batch, plan.Value, rechecked, cancellationToken) is { } shortfall ? shortfall : plan.Value;
    }

    private async Task<Failure?> StoppedAsync(string id, PublishPlan plan, RecheckedDecisions rechecked, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(id, cancellationToken);
        if (batch is null || BatchStates.IsFinalFailure(batch.State))
        {
            return new Failure(PublishReasons.NotPublishable, $"batch {id} is {batch?.State ?? "gone"}; publishing stopped", FailureKind.Conflict);
        }

        var rejections = await approvals.RejectionsAsync(id, rechecked, cancellationToken);
        if (rejections.Count > 0)
        {
            var rejection = rejections[0];
            var reason = new Failure(ApprovalGate.RejectedByOfficer, rejection.Reason ?? $"rejected by {rejection.Officer}");
            await transitions.MoveAsync(id, BatchStates.Rejected, "publish.stopped", cancellationToken, reason);
            return new Failure(PublishReasons.Stopped, $"batch {id} was rejected by {rejection.Officer} while it was being published; publishing stopped");
        }

        if (await ShortOfApprovalsAsync(batch, plan, rechecked, cancellationToken) is { } shortfall)
        {
            await transitions.MoveAsync(id, BatchStates.AwaitingApproval, "publish.stopped", cancellationToken, shortfall);
            return new Failure(PublishReasons.Stopped, $"publishing of batch {id} stopped: {shortfall.Message}");
        }

        return null;
    }

    // Signatures are verified again here, so a row written straight into the database cannot stand in for an
    // approval; within one run, each row's once while it is unchanged (RecheckedDecisions). Once publishing has
    // begun, an approval's expiry no longer stops it half-way (ApprovalTally). The plan is this run's, derived once from
    // the signed manifest: what is pushed is what the approvals were checked against.
    private async Task<Failure?> ShortOfApprovalsAsync(BatchRecord batch, PublishPlan plan, RecheckedDecisions rechecked,
        CancellationToken cancellationToken)
    {
        var tally = await approvals.EvaluateAsync(batch, plan, rechecked, cancellationToken);
        if (tally.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        var counted = tally.Verdicts.Count(v => v.Counts);
        if (counted >= tally.Required)
        {
            return null;
        }

        var discounted = string.Join(", ", tally.Verdicts.Where(v => !v.Counts).Select(v => $"{v.Approval.Officer}: {v.DiscountedBecause}"));
        // What changed under signed approvals is named before how many are short.
        var code = tally.Verdicts.Select(v => v.DiscountedBecause)
            .FirstOrDefault(why => why is ApprovalReasons.PlanMismatch or ApprovalReasons.ScanChanged or ApprovalReasons.StatementWithoutScan)
            ?? ApprovalReasons.Insufficient;
        return new Failure(code, $"batch {batch.Id} has {counted} valid approval(s) of {tally.Required} required ({discounted})");
    }

    private async Task<Failure?> PublishArtifactAsync(string id, PublishTarget target, CancellationToken cancellationToken)
    {
        var artifact = target.Artifact;
        try
        {
            var kind = PublishKinds.Find(artifact.Kind)
                ?? throw new PublishException(PublishReasons.QuarantineTampered, $"unknown artifact kind {artifact.Kind}");
            await services.GetRequiredKeyedService<IArtifactPublisher>(kind.Name).PublishAsync(id, artifact, cancellationToken);
        }
        catch (Exception ex) when (ex is PublishException or RegistryException or DigestMismatchException or HttpRequestException or IOException)
        {
            var code = ex is PublishException p ? p.Code : PublishReasons.MirrorFailed;
            if (PublishReasons.RefusesTheBatch(code))
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

        // Recorded and audited in one transaction: a worker killed in between leaves neither, and whoever takes the batch over
        // publishes the artifact again (finding its bytes in place) and audits it once.
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await BatchRepository.MarkArtifactPublishedAsync(unit.Connection, unit.Transaction, id, target.Position, clock.GetUtcNow(), cancellationToken);
            await unit.RecordAsync(AuditTrail.System, "artifact.published", id,
                new { kind = artifact.Kind, name = artifact.Name, version = artifact.Version, digest = artifact.Digest }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }

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
            var bytes = await BatchBlobRepository.ShippedBytesAsync(unit.Connection, unit.Transaction, id, cancellationToken);
            await unit.RecordAsync(AuditTrail.System, "batch.published", id, new { artifacts, blobs, bytes }, cancellationToken);
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
