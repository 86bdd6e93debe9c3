using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Identity;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// Checks a decision (submitted now, or stored and checked again before publishing) against the batch,
/// the roster in force and the plan derived from the signed manifest. The officer is whoever's raw key
/// made the signature, never a name in the submission and never the key id the signature names.
/// </summary>
internal static class DecisionCheck
{
    public static async Task<Outcome<CheckedDecision>> RunAsync(DecisionContext context, string decision, string statementText, string signatureText)
    {
        var signed = Verify(context, decision, statementText, signatureText);
        return signed.IsOk ? await CheckAsync(context, signed.Value) : signed.Error;
    }

    /// <summary>
    /// What depends only on the text, the signature, the batch's id and the roster: the statement parsed, and the officer
    /// whose key made the signature. The costly half of a check, and the half a publishing run keeps.
    /// </summary>
    public static Outcome<SignedDecision> Verify(DecisionContext context, string decision, string statementText, string signatureText)
    {
        MinisignSignature signature;
        ApprovalStatement statement;
        try
        {
            signature = MinisignSignature.Parse(signatureText);
        }
        catch (MinisignFormatException ex)
        {
            return new Failure(ApprovalReasons.SignatureMalformed, $"the signature is not a minisign signature: {ex.Message}", FailureKind.Invalid);
        }

        try
        {
            statement = ApprovalStatement.Parse(statementText);
        }
        catch (FormatException ex)
        {
            return new Failure(ApprovalReasons.StatementMalformed, $"the statement is not one the high side writes: {ex.Message}", FailureKind.Invalid);
        }

        var batch = context.Batch;
        var expectedComment = ApprovalStatement.TrustedCommentFor(batch.Id, decision);
        if (statement.BatchId != batch.Id || statement.Decision != decision || signature.TrustedComment != expectedComment)
        {
            return new Failure(ApprovalReasons.WrongBatch,
                $"the statement and its trusted comment '{signature.TrustedComment}' must be for {decision} of batch {batch.Id} ('{expectedComment}')");
        }

        var signer = Signer(context, statementText, signature);
        return signer.IsOk ? new SignedDecision(signer.Value, signature.KeyIdHex, statement, statement.PublishPlanSha256) : signer.Error;
    }

    // A rejection counts whatever the scan says: an officer can always stop a batch.
    private static async Task<Failure?> ScanChangedAsync(DecisionContext context, ApprovalStatement statement)
    {
        if (statement.Scan is null)
        {
            return new Failure(ApprovalReasons.StatementWithoutScan,
                $"the statement ({ApprovalStatement.HeaderWithoutScan}) does not name the batch's scan; an approval is signed on a statement "
                + $"`highside batch statement {context.Batch.Id}` makes now");
        }

        var scan = await context.Scan();
        return statement.Scan == scan
            ? null
            : new Failure(ApprovalReasons.ScanChanged,
                $"the statement approves batch {context.Batch.Id} with scan '{statement.Scan}', but its scan is now '{scan}'");
    }

    // The text, not the parsed statement: Parse proved them the same, and the statement would build its text again.
    private static Outcome<Officers.RosterOfficer> Signer(DecisionContext context, string statementText, MinisignSignature signature)
    {
        var roster = context.Roster;
        var verification = MinisignVerifier.VerifyByRawKey([.. roster.Officers.Select(o => o.Key)], ApprovalStatement.Prehash(statementText), signature);
        if (!verification.IsValid)
        {
            return roster.Officers.Any(o => o.Key.KeyIdHex == signature.KeyIdHex)
                ? new Failure(ApprovalReasons.SignatureInvalid,
                    $"the signature does not match the statement for batch {context.Batch.Id} ({verification.Status})")
                : new Failure(ApprovalReasons.UnknownOfficer, $"key {signature.KeyIdHex} belongs to no officer on roster version {roster.Version}");
        }

        var officer = roster.ByKey(verification.Key!)!;
        return officer.Active
            ? officer
            : new Failure(ApprovalReasons.OfficerDisabled,
                $"officer {officer.Name} (key {officer.Key.KeyIdHex}) is disabled on roster version {roster.Version}");
    }

    /// <summary>
    /// What can change under a signed statement: the batch's manifest, the plan, the roster's history, the audit trail and, for an
    /// approval, the batch's scan.
    /// </summary>
    public static async Task<Outcome<CheckedDecision>> CheckAsync(DecisionContext context, SignedDecision signed)
    {
        var (batch, roster, plan) = (context.Batch, context.Roster, context.Plan);
        var (officer, statement) = (signed.Officer, signed.Statement);
        if (statement.ManifestSha256 != batch.ManifestSha256)
        {
            return new Failure(ApprovalReasons.WrongManifest,
                $"the statement names manifest sha256 {statement.ManifestSha256}; batch {batch.Id} has {batch.ManifestSha256}");
        }

        if (signed.PublishPlanSha256 != plan.Sha256)
        {
            return new Failure(ApprovalReasons.PlanMismatch,
                $"the statement's publish plan ({signed.PublishPlanSha256}) is not the plan derived from the signed manifest now ({plan.Sha256})");
        }

        if (statement.Decision == Decisions.Approve && await ScanChangedAsync(context, statement) is { } scanChanged)
        {
            return scanChanged;
        }

        if (statement.Roster.Number > roster.Version || (statement.Roster.Number == roster.Version && statement.Roster.Hash != roster.Sha256))
        {
            return new Failure(ApprovalReasons.RosterRolledBack,
                $"the statement was made under roster version {statement.Roster}, which is not in the roster's history up to version {roster.Version}");
        }

        if (!await context.HistoryHolds(statement.AuditHead))
        {
            return new Failure(ApprovalReasons.HistoryRewritten,
                $"the statement pins audit entry {statement.AuditHead}, which the audit trail no longer holds: the history was rewritten or cut");
        }

        var requested = plan.FirstRequestedByAny([.. officer.Requesters, RequesterIdentity.ForLocalUser(officer.Name)]);
        return requested is null
            ? new CheckedDecision(officer, signed.KeyId, statement)
            : new Failure(ApprovalReasons.Requester,
                $"officer {officer.Name} holds {requested.Artifact.Requester}, who requested {requested.Artifact.Name} in this batch, and cannot decide on it");
    }
}
