using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// Decides which stored approvals count now, checking every one again as if it were submitted now: a row
/// written straight into the database, a statement for another plan, a history that no longer holds the
/// entry it pinned, an approval the audit trail never recorded or recorded longer ago than it lasts, a disabled officer,
/// or a second approval by the same key (under any name or key id) does not count. An officer counts once however many of
/// their approvals check out, expired or not.
/// </summary>
internal static class ApprovalEvaluator
{
    /// <param name="context">What the approvals are checked against.</param>
    /// <param name="approvals">The batch's stored decisions, oldest first.</param>
    /// <param name="expiry">When approvals expire, or null when expiry no longer applies (publishing has begun).</param>
    /// <param name="rechecked">The publishing run's decisions, each verified once while unchanged.</param>
    public static async Task<IReadOnlyList<ApprovalVerdict>> EvaluateAsync(DecisionContext context, IReadOnlyList<ApprovalRecord> approvals,
        ApprovalExpiry? expiry, RecheckedDecisions? rechecked = null)
    {
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var verdicts = new List<ApprovalVerdict>();
        foreach (var approval in approvals.Where(a => a.Decision == Decisions.Approve))
        {
            if (approval.Statement is null)
            {
                verdicts.Add(new ApprovalVerdict(approval, ApprovalReasons.StatementMissing));
                continue;
            }

            var signed = rechecked?.Verify(context, Decisions.Approve, approval, approval.Statement)
                ?? DecisionCheck.Verify(context, Decisions.Approve, approval.Statement, approval.Signature);
            Outcome<CheckedDecision> check = signed.IsOk ? await DecisionCheck.CheckAsync(context, signed.Value!) : signed.Error!;
            // Expired before duplicate: an officer's fresh approval after an expired one is not their second.
            var recorded = check.IsOk ? expiry?.RecordedAt(check.Value) : null;
            var reason = !check.IsOk ? check.Error.Code
                : expiry is not null && recorded is null ? ApprovalReasons.Unaudited
                : expiry is not null && recorded + expiry.Validity < expiry.Now ? ApprovalReasons.Expired
                : !counted.Add(check.Value.Officer.RawKey) ? ApprovalReasons.Duplicate
                : null;
            verdicts.Add(new ApprovalVerdict(approval, reason));
        }

        return verdicts;
    }
}
