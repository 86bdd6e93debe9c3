using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// Decides which stored approvals count now, checking every one again as if it were submitted now: a row
/// written straight into the database, a statement for another plan, a history that no longer holds the
/// entry it pinned, an expired approval, a disabled officer, or a second approval by the same key (under
/// any name or key id) does not count.
/// </summary>
internal static class ApprovalEvaluator
{
    public static async Task<IReadOnlyList<ApprovalVerdict>> EvaluateAsync(DecisionContext context, IReadOnlyList<ApprovalRecord> approvals,
        DateTimeOffset now, TimeSpan validity, RecheckedDecisions? rechecked = null)
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
            var reason = !check.IsOk ? check.Error.Code
                : approval.RecordedUtc + validity < now ? ApprovalReasons.Expired
                : !counted.Add(check.Value.Officer.RawKey) ? ApprovalReasons.Duplicate
                : null;
            verdicts.Add(new ApprovalVerdict(approval, reason));
        }

        return verdicts;
    }
}
