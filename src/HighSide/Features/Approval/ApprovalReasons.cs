namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>Why an approval or rejection was refused, or does not count.</summary>
internal static class ApprovalReasons
{
    public const string SignatureMalformed = "approval-signature-malformed";
    public const string SignatureInvalid = "approval-signature-invalid";
    public const string WrongBatch = "approval-wrong-batch";
    public const string UnknownOfficer = "officer-unknown";
    public const string OfficerDisabled = "officer-disabled";
    public const string OfficerKeyMismatch = "officer-key-mismatch";
    public const string Requester = "officer-is-requester";
    public const string Duplicate = "approval-duplicate";
    public const string Expired = "approval-expired";

    /// <summary>An approval row whose signed decision the audit trail never recorded: written straight into the database.</summary>
    public const string Unaudited = "approval-unaudited";
    public const string NotAwaitingApproval = "batch-not-awaiting-approval";
    public const string ReasonRequired = "rejection-reason-invalid";
    public const string BatchNotFound = "batch-not-found";
    public const string Insufficient = "approvals-insufficient";
    public const string StatementMalformed = "approval-statement-malformed";
    public const string StatementMissing = "approval-statement-missing";

    /// <summary>A statement over <c>ApprovalStatement.MaxBytes</c>: an approval whose waivers do not fit, refused before it is signed.</summary>
    public const string StatementTooLarge = "approval-statement-too-large";
    public const string DecisionUnknown = "decision-unknown";
    public const string WrongManifest = "approval-wrong-manifest";
    public const string PlanMismatch = "publish-plan-mismatch";

    /// <summary>An approval signed for another scan of the batch than the one it has now, or made while scanning was on and now off.</summary>
    public const string ScanChanged = "approval-scan-changed";

    /// <summary>An approval on a statement of the version that did not name the batch's scan.</summary>
    public const string StatementWithoutScan = "approval-statement-without-scan";
    public const string RosterRolledBack = Officers.OfficerReasons.RolledBack;
    public const string HistoryRewritten = "audit-history-rewritten";
    public const string NoRoster = Officers.OfficerReasons.NoRoster;
    public const string SignerNotSignedIn = "decision-signer-not-signed-in";
}
