using FluentValidation;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// The two-person rule: records signed approvals and rejections, and says whether a batch has
/// enough valid approvals right now. One rejection ends the batch.
/// </summary>
internal sealed class ApprovalService(SqliteDatabase database, BatchRepository batches, ApprovalRepository approvals, OfficerService officers,
    IValidator<DecisionRequest> validator, IOptions<ApprovalOptions> options, AuditTrail audit, TimeProvider clock)
{
    public int Required => options.Value.Required;

    public async Task<Outcome<string>> StatementAsync(string batchId, string decision, string? reason, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(batchId, cancellationToken);
        return batch?.ManifestSha256 is null
            ? NotFound(batchId)
            : ApprovalStatement.Text(batch.Id, batch.ManifestSha256, decision, reason);
    }

    /// <summary>Signs the statement with an officer's secret key (as `minisign -S` would) and submits it.</summary>
    public async Task<Outcome<DecisionResult>> SignAndSubmitAsync(string batchId, string decision, string? reason, string officerName,
        MinisignSecretKey key, CancellationToken cancellationToken)
    {
        var officer = await officers.FindAsync(officerName, cancellationToken);
        if (officer is null || officer.KeyId != key.PublicKey.KeyIdHex)
        {
            return new HighSideError(ApprovalReasons.OfficerKeyMismatch, $"the key {key.PublicKey.KeyIdHex} is not the registered key of officer '{officerName}'");
        }

        var statement = await StatementAsync(batchId, decision, reason, cancellationToken);
        if (!statement.IsOk)
        {
            return statement.Error;
        }

        var signature = key.SignPrehashed(Blake2bHash.Compute(System.Text.Encoding.UTF8.GetBytes(statement.Value), 64),
            ApprovalStatement.TrustedComment(batchId, decision), $"{decision} by {officerName}");
        return await SubmitAsync(new DecisionRequest(batchId, decision, reason, signature.ToFileText()), cancellationToken);
    }

    public async Task<Outcome<DecisionResult>> SubmitAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return new HighSideError(ApprovalReasons.ReasonRequired, string.Join("; ", validation.Errors.Select(e => e.ErrorMessage)), ErrorKind.Invalid);
        }

        var batch = await batches.FindAsync(request.BatchId, cancellationToken);
        if (batch?.ManifestSha256 is null)
        {
            return NotFound(request.BatchId);
        }

        if (batch.State is not (BatchStates.AwaitingApproval or BatchStates.Approved))
        {
            return await RefuseAsync(batch.Id, new HighSideError(ApprovalReasons.NotAwaitingApproval, $"batch {batch.Id} is {batch.State}, not awaiting approval", ErrorKind.Conflict), cancellationToken);
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
            return await RefuseAsync(batch.Id, new HighSideError(ApprovalReasons.Duplicate,
                $"officer {check.Value.Officer} (key {check.Value.KeyId}) has already approved batch {batch.Id}; it counts once", ErrorKind.Conflict), cancellationToken);
        }

        var counted = before.Count(v => v.Counts) + (request.Decision == Decisions.Approve ? 1 : 0);
        var state = request.Decision == Decisions.Reject ? BatchStates.Rejected
            : counted >= Required ? BatchStates.Approved
            : BatchStates.AwaitingApproval;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = connection.BeginTransaction())
        {
            await ApprovalRepository.InsertAsync(connection, transaction, record, cancellationToken);
            await BatchRepository.SetStateAsync(connection, transaction, batch.Id, state,
                state == BatchStates.Rejected ? "rejected-by-officer" : null, request.Reason, null, now, cancellationToken);
            await audit.RecordAsync(connection, transaction, check.Value.Officer, request.Decision == Decisions.Approve ? "approval.recorded" : "rejection.recorded",
                batch.Id, new { keyId = check.Value.KeyId, manifestSha256 = batch.ManifestSha256, reason = request.Reason, state, counted, required = Required }, cancellationToken);
            transaction.Commit();
        }

        await audit.CommittedAsync();
        return new DecisionResult(batch.Id, request.Decision, check.Value.Officer, check.Value.KeyId, state, counted, Required);
    }

    /// <summary>The approvals of a batch as they count right now (signatures re-verified).</summary>
    public async Task<IReadOnlyList<ApprovalVerdict>> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var registry = await officers.ListAsync(cancellationToken);
        var artifacts = await batches.ArtifactsAsync(batch.Id, cancellationToken);
        var stored = await approvals.ForBatchAsync(batch.Id, cancellationToken);
        return ApprovalEvaluator.Evaluate(batch, artifacts, stored, registry, clock.GetUtcNow(), options.Value.Validity);
    }

    public async Task<IReadOnlyList<ApprovalRecord>> RejectionsAsync(string batchId, CancellationToken cancellationToken) =>
        [.. (await approvals.ForBatchAsync(batchId, cancellationToken)).Where(a => a.Decision == Decisions.Reject)];

    private async Task<HighSideError> RefuseAsync(string batchId, HighSideError error, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(Operator.Name, "approval.refused", batchId, new { reason = error.Code, message = error.Message }, cancellationToken);
        return error;
    }

    private static HighSideError NotFound(string batchId) => new(ApprovalReasons.BatchNotFound, $"no batch {batchId}", ErrorKind.NotFound);
}
