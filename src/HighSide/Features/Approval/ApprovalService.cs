using FluentValidation;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// The two-person rule: records signed approvals and rejections, and says whether a batch has
/// enough valid approvals right now. One rejection ends the batch.
/// </summary>
internal sealed class ApprovalService(BatchRepository batches, ApprovalRepository approvals, ApprovalTally tally, OfficerService officers,
    BatchPipeline pipeline, IValidator<DecisionRequest> validator, IOptions<ApprovalOptions> options, AuditTrail audit, TimeProvider clock)
{
    public int Required => tally.Required;

    public async Task<Outcome<string>> StatementAsync(string batchId, string decision, string? reason, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(batchId, cancellationToken);
        return batch?.ManifestSha256 is null
            ? NotFound(batchId)
            : new ApprovalStatement(batch.Id, batch.ManifestSha256, decision, reason).Text;
    }

    /// <summary>Signs the statement with an officer's secret key (as `minisign -S` would) and submits it.</summary>
    public async Task<Outcome<DecisionResult>> SignAndSubmitAsync(string batchId, string decision, string? reason, string officerName,
        MinisignSecretKey key, CancellationToken cancellationToken)
    {
        var officer = await officers.FindAsync(officerName, cancellationToken);
        if (officer is null || officer.KeyId != key.PublicKey.KeyIdHex)
        {
            return new Failure(ApprovalReasons.OfficerKeyMismatch, $"the key {key.PublicKey.KeyIdHex} is not the registered key of officer '{officerName}'");
        }

        var statement = await StatementAsync(batchId, decision, reason, cancellationToken);
        if (!statement.IsOk)
        {
            return statement.Error;
        }

        var signature = key.SignPrehashed(Blake2bHash.Compute(System.Text.Encoding.UTF8.GetBytes(statement.Value), 64),
            ApprovalStatement.TrustedCommentFor(batchId, decision), $"{decision} by {officerName}");
        return await SubmitAsync(new DecisionRequest(batchId, decision, reason, signature.ToFileText()), cancellationToken);
    }

    public async Task<Outcome<DecisionResult>> SubmitAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return new Failure(ApprovalReasons.ReasonRequired, string.Join("; ", validation.Errors.Select(e => e.ErrorMessage)), FailureKind.Invalid);
        }

        var batch = await batches.FindAsync(request.BatchId, cancellationToken);
        if (batch?.ManifestSha256 is null)
        {
            return NotFound(request.BatchId);
        }

        if (batch.State is not (BatchStates.AwaitingApproval or BatchStates.Approved))
        {
            return await RefuseAsync(
                batch.Id,
                new Failure(
                    ApprovalReasons.NotAwaitingApproval,
                    $"batch {batch.Id} is {batch.State}, not awaiting approval",
                    FailureKind.Conflict),
                cancellationToken);
        }

        var registry = await officers.ListAsync(cancellationToken);
        var artifacts = await batches.ArtifactsAsync(batch.Id, cancellationToken);
        var check = SignatureCheck.Run(batch, request.Decision, request.Reason, request.Signature, registry, artifacts);
        if (!check.IsOk)
        {
            return await RefuseAsync(batch.Id, check.Error, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var stored = await approvals.ForBatchAsync(batch.Id, cancellationToken);
        var record = new ApprovalRecord(0, batch.Id, request.Decision, check.Value.KeyId, check.Value.Officer, request.Reason, request.Signature, now);
        var before = ApprovalEvaluator.Evaluate(batch, artifacts, stored, registry, now, options.Value.Validity);
        if (request.Decision == Decisions.Approve && before.Any(v => v.Counts && v.Approval.KeyId == check.Value.KeyId))
        {
            return await RefuseAsync(
                batch.Id,
                new Failure(
                    ApprovalReasons.Duplicate,
                    $"officer {check.Value.Officer} (key {check.Value.KeyId}) has already approved batch {batch.Id}; it counts once",
                    FailureKind.Conflict),
                cancellationToken);
        }

        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await ApprovalRepository.InsertAsync(unit.Connection, unit.Transaction, record, cancellationToken);
            await unit.RecordAsync(check.Value.Officer, request.Decision == Decisions.Approve ? "approval.recorded" : "rejection.recorded", batch.Id,
                new { keyId = check.Value.KeyId, manifestSha256 = batch.ManifestSha256, reason = request.Reason, required = Required }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }

        var after = await pipeline.AdvanceAsync(batch.Id, cancellationToken) ?? batch;
        var counted = (await tally.EvaluateAsync(after, cancellationToken)).Count(v => v.Counts);
        return new DecisionResult(batch.Id, request.Decision, check.Value.Officer, check.Value.KeyId, after.State, counted, Required);
    }

    private async Task<Failure> RefuseAsync(string batchId, Failure error, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(HostUser.Actor, "approval.refused", batchId, new { reason = error.Code, message = error.Message }, cancellationToken);
        return error;
    }

    private static Failure NotFound(string batchId) => new(ApprovalReasons.BatchNotFound, $"no batch {batchId}", FailureKind.NotFound);
}
