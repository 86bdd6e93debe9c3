using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>Every target a batch is published to, in the manifest's order: what officers sign and what publishing does.</summary>
internal sealed record PublishPlan(IReadOnlyList<PublishTarget> Targets)
{
    public IReadOnlyList<string> Lines => [.. Targets.Select(t => t.Line)];

    public string Sha256 => ApprovalStatement.PlanSha256(Lines);
}
