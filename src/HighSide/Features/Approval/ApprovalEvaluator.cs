using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// Decides which stored approvals count, re-verifying every signature against the current officer
/// registry: a row written straight into the database, an expired approval, a disabled officer or a
/// second approval by the same key does not count.
/// </summary>
internal static class ApprovalEvaluator
{
    public static IReadOnlyList<ApprovalVerdict> Evaluate(BatchRecord batch, IReadOnlyList<ArtifactRecord> artifacts, IReadOnlyList<ApprovalRecord> approvals,
        IReadOnlyList<OfficerRecord> officers, DateTimeOffset now, TimeSpan validity)
    {
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var verdicts = new List<ApprovalVerdict>();
        foreach (var approval in approvals.Where(a => a.Decision == Decisions.Approve))
        {
            var check = SignatureCheck.Run(batch, Decisions.Approve, null, approval.Signature, officers, artifacts);
            var reason = !check.IsOk ? check.Error.Code
                : approval.RecordedUtc + validity < now ? ApprovalReasons.Expired
                : !counted.Add(check.Value.KeyId) ? ApprovalReasons.Duplicate
                : null;
            verdicts.Add(new ApprovalVerdict(approval, reason));
        }

        return verdicts;
    }
}
