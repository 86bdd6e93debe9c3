using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>Every target a batch is published to, in the manifest's order: what officers sign and what publishing does.</summary>
internal sealed class PublishPlan
{
    public PublishPlan(IReadOnlyList<PublishTarget> targets)
    {
        Targets = targets;
        Lines = [.. targets.Select(t => t.Line)];
        // Once: publishing checks every approval against it before each artifact.
        Sha256 = ApprovalStatement.PlanSha256(Lines);
    }

    public IReadOnlyList<PublishTarget> Targets { get; }

    public IReadOnlyList<string> Lines { get; }

    public string Sha256 { get; }
}
