using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Identity;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>Every target a batch is published to, in the manifest's order: what officers sign and what publishing does.</summary>
internal sealed class PublishPlan
{
    // Canonical requester to the first target they asked for: officers who hold a requester may not decide.
    private readonly Dictionary<string, PublishTarget> _firstByRequester = new(StringComparer.Ordinal);

    public PublishPlan(IReadOnlyList<PublishTarget> targets)
    {
        Targets = targets;
        Lines = [.. targets.Select(t => t.Line)];
        // Once: publishing checks every approval against it before each artifact.
        Sha256 = ApprovalStatement.PlanSha256(Lines);
        foreach (var target in targets)
        {
            _firstByRequester.TryAdd(RequesterIdentity.Canonical(target.Artifact.Requester), target);
        }
    }

    public IReadOnlyList<PublishTarget> Targets { get; }

    public IReadOnlyList<string> Lines { get; }

    public string Sha256 { get; }

    /// <summary>The first target, in the plan's order, that any of these identities requested.</summary>
    public PublishTarget? FirstRequestedByAny(IEnumerable<string> requesters) =>
        requesters.Select(r => _firstByRequester.GetValueOrDefault(RequesterIdentity.Canonical(r))).OfType<PublishTarget>().MinBy(t => t.Position);
}
