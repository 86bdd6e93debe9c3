using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>
/// A batch's review packet as the console shows it: the detail `highside batch show` prints (the same query), each artifact
/// beside its publish-plan line, how far the approvals are, and which decisions the batch still takes.
/// </summary>
internal sealed record ReviewPacket(BatchDetail Detail, IReadOnlyList<ReviewedArtifact> Artifacts, string Progress, bool Approvable, bool Rejectable)
{
    public IReadOnlyList<ApprovalDetail> Approvals => [.. Detail.Approvals.Where(a => a.Decision == Decisions.Approve)];

    public IReadOnlyList<ApprovalDetail> Rejections => [.. Detail.Approvals.Where(a => a.Decision == Decisions.Reject)];

    public static ReviewPacket From(BatchDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        // The plan has one line per artifact in manifest order, the order artifacts are listed in.
        var planned = detail.PublishPlan.Count == detail.Artifacts.Count;
        var artifacts = detail.Artifacts.Select((a, i) => new ReviewedArtifact(a, planned ? detail.PublishPlan[i] : null)).ToList();
        var state = detail.Batch.State;
        var approvable = state is BatchStates.BlockedByScan or BatchStates.AwaitingApproval or BatchStates.Approved;
        return new ReviewPacket(detail, artifacts, ApprovalProgress.Text(detail.ApprovalsCounted, detail.ApprovalsRequired),
            approvable, approvable || state == BatchStates.Publishing);
    }
}
