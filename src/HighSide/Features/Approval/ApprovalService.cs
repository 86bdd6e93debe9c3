using System.Globalization;
using FluentValidation;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// The two-person rule's input: makes the statement officers sign, records signed approvals and
/// rejections once they check out, and hands the batch to the gate pipeline, which decides what it means.
/// </summary>
internal sealed class ApprovalService(BatchRepository batches, ApprovalTally tally, AuditHistory history, ScanPolicy scanPolicy,
    StatementScan scan, BatchPipeline pipeline, IValidator<DecisionRequest> validator, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The statement to sign now: the batch, its manifest, the roster in force, the audit head, its scan and the publish plan.</summary>
    public Task<Outcome<ApprovalStatement>> StatementAsync(string batchId, string decision, string? reason, CancellationToken cancellationToken) =>
        StatementAsync(batchId, decision, reason, auditHead: null, cancellationToken);

    /// <summary>
    /// The statement pinned to the audit trail as it stood at entry <paramref name="auditHead"/> (the head when null): the
    /// console offers one statement for download and submits the same bytes however many entries were added meanwhile.
    /// </summary>
    public async Task<Outcome<ApprovalStatement>> StatementAsync(string batchId, string decision, string? reason, long? auditHead,
        CancellationToken cancellationToken)
    {
        if (decision == Decisions.Reject && !DecisionRequestValidator.IsValidReason(reason))
        {
            return new Failure(ApprovalReasons.ReasonRequired, "a rejection needs a reason: one line of text", FailureKind.Invalid);
        }

        var batch = await batches.FindAsync(batchId, cancellationToken);
        if (batch?.ManifestSha256 is null)
        {
            return NotFound(batchId);
        }

        var context = await tally.ContextAsync(batch, cancellationToken);
        if (!context.IsOk)
        {
            return context.Error;
        }

        var anchor = auditHead is { } sequence ? await history.AtAsync(sequence, cancellationToken) : await history.HeadAsync(cancellationToken);
        if (anchor is null)
        {
            return new Failure(ApprovalReasons.HistoryRewritten, $"the audit trail holds no entry {auditHead}", FailureKind.Conflict);
        }

        var (roster, plan) = (context.Value.Roster, context.Value.Plan);
        if (plan.TooLargeToDecide(batch.Id) is { } tooLarge)
        {
            return tooLarge with { Kind = FailureKind.Conflict };
        }

        var waivers = decision == Decisions.Approve
            ? (await scanPolicy.BlockingAsync(batch.Id, cancellationToken)).Select(f => f.Finding.Id).ToList()
            : [];
        var statement = new ApprovalStatement(batch.Id, batch.ManifestSha256, new StatementAnchor(roster.Version, roster.Sha256),
            anchor, await scan.OfBatchAsync(batch.Id, cancellationToken), plan.Lines, decision, decision == Decisions.Reject ? reason : null, waivers);
        // The plan always leaves room for a rejection (ApprovalStatement.MaxPlanBytes), and an approval without waivers is
        // shorter than one: only waivers can overflow, so only then is the text made once more to be measured.
        return waivers.Count == 0 || statement.ByteCount <= ApprovalStatement.MaxBytes
            ? statement
            : new Failure(ApprovalReasons.StatementTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"the statement approving batch {batch.Id} would take {statement.ByteCount} bytes with its {waivers.Count} waiver(s), more than "
                + $"a statement may ({ApprovalStatement.MaxBytes}): it cannot be approved as scanned; reject it, or rescan it with newer scanner data"),
                FailureKind.Conflict);
    }

    /// <summary>
    /// Signs the statement with an officer's secret key on this machine (as `minisign -S` would) and submits it.
    /// For the demo and tests: officers sign on their own machines (`highside sign`) and submit the signature.
    /// </summary>
    public async Task<Outcome<DecisionResult>> SignAndSubmitAsync(string batchId, string decision, string? reason, MinisignSecretKey key,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var statement = await StatementAsync(batchId, decision, reason, cancellationToken);
        if (!statement.IsOk)
        {
            return statement.Error;
        }

        var signature = key.SignPrehashed(ApprovalStatement.Prehash(statement.Value.Text), statement.Value.TrustedComment, $"{decision} by {key.PublicKey}");
        return await SubmitAsync(new DecisionRequest(batchId, decision, statement.Value.Text, signature.ToFileText()), cancellationToken);
    }

    public async Task<Outcome<DecisionResult>> SubmitAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            // Each rule names its own reason code; the first failure's is the refusal's.
            return new Failure(validation.Errors[0].ErrorCode, string.Join("; ", validation.Errors.Select(e => e.ErrorMessage)), FailureKind.Invalid);
        }

        var batch = await batches.FindAsync(request.BatchId, cancellationToken);
        if (batch?.ManifestSha256 is null)
        {
            return NotFound(request.BatchId);
        }

        // A rejection still stops a batch that is being published: publishing checks the decisions before every artifact.
        var open = batch.State is BatchStates.BlockedByScan or BatchStates.AwaitingApproval or BatchStates.Approved
            || (batch.State == BatchStates.Publishing && request.Decision == Decisions.Reject);
        if (!open)
        {
            return await RefuseAsync(batch.Id, new Failure(ApprovalReasons.NotAwaitingApproval,
                $"batch {batch.Id} is {batch.State}, not awaiting approval", FailureKind.Conflict), request.SubmittedBy, cancellationToken);
        }

        var context = await tally.ContextAsync(batch, cancellationToken);
        if (!context.IsOk)
        {
            return await RefuseAsync(batch.Id, context.Error, request.SubmittedBy, cancellationToken);
        }

        var check = await DecisionCheck.RunAsync(context.Value, request.Decision, request.Statement, request.Signature);
        if (!check.IsOk)
        {
            return await RefuseAsync(batch.Id, check.Error, request.SubmittedBy, cancellationToken);
        }

        var decision = check.Value;
        if (request.SubmittedBy is { } submitter && !string.Equals(submitter.Officer, decision.Officer.Name, StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(batch.Id, new Failure(ApprovalReasons.SignerNotSignedIn,
                $"the decision is signed with officer {decision.Officer.Name}'s key, but the account that uploaded it is "
                + (submitter.Officer is null ? "not an officer" : $"officer {submitter.Officer}"), FailureKind.Forbidden), submitter, cancellationToken);
        }

        if (request.Decision == Decisions.Reject && !DecisionRequestValidator.IsValidReason(decision.Statement.Reason))
        {
            return await RefuseAsync(batch.Id, new Failure(ApprovalReasons.ReasonRequired, "a rejection needs a reason: one line of text",
                FailureKind.Invalid), request.SubmittedBy, cancellationToken);
        }

        var before = await tally.EvaluateAsync(batch, cancellationToken);
        // Stored decisions name the officer the roster gave for the signing key: the same name is the same key.
        if (request.Decision == Decisions.Approve && before.Verdicts.Any(v => v.Counts && v.Approval.Officer == decision.Officer.Name))
        {
            return await RefuseAsync(batch.Id, new Failure(ApprovalReasons.Duplicate,
                $"officer {decision.Officer.Name} (key {decision.KeyId}) has already approved batch {batch.Id}; it counts once", FailureKind.Conflict),
                request.SubmittedBy, cancellationToken);
        }

        var record = new ApprovalRecord(0, batch.Id, request.Decision, decision.KeyId, decision.Officer.Name, decision.Statement.Reason,
            request.Signature, request.Statement, clock.GetUtcNow());
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await ApprovalRepository.InsertAsync(unit.Connection, unit.Transaction, record, cancellationToken);
            await unit.RecordAsync(decision.Officer.Name, request.Decision == Decisions.Approve ? "approval.recorded" : "rejection.recorded", batch.Id,
                new
                {
                    keyId = decision.KeyId,
                    manifestSha256 = batch.ManifestSha256,
                    publishPlanSha256 = decision.Statement.PublishPlanSha256,
                    auditHead = decision.Statement.AuditHead.ToString(),
                    roster = decision.Statement.Roster.ToString(),
                    reason = decision.Statement.Reason,
                    scan = decision.Statement.Scan,
                    submittedBy = request.SubmittedBy?.Actor ?? HostUser.Actor,
                }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }

        var after = await pipeline.AdvanceAsync(batch.Id, cancellationToken) ?? batch;
        var tallied = await tally.EvaluateAsync(after, cancellationToken);
        return new DecisionResult(batch.Id, request.Decision, decision.Officer.Name, decision.KeyId, after.State, tallied.Counted, tallied.Required);
    }

    private async Task<Failure> RefuseAsync(string batchId, Failure error, DecisionSubmitter? submitter, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(submitter?.Actor ?? HostUser.Actor, "approval.refused", batchId, new { reason = error.Code, message = error.Message },
            cancellationToken);
        return error;
    }

    private static Failure NotFound(string batchId) => new(ApprovalReasons.BatchNotFound, $"no batch {batchId}", FailureKind.NotFound);
}
