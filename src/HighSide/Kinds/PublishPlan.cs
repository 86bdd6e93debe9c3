using System.Globalization;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Identity;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>Every target a batch is published to, in the manifest's order: what officers sign and what publishing does.</summary>
internal sealed class PublishPlan
{
    // Canonical requester to the first target they asked for: officers who hold a requester may not decide. Made when a
    // decision is first checked, as the scan of the targets it replaced canonicalised them then, not when the plan is made.
    private readonly Lazy<Dictionary<string, PublishTarget>> _firstByRequester;

    public PublishPlan(IReadOnlyList<PublishTarget> targets)
    {
        Targets = targets;
        Lines = [.. targets.Select(t => t.Line)];
        // Once: publishing checks every approval against it before each artifact.
        Sha256 = ApprovalStatement.PlanSha256(Lines);
        _firstByRequester = new(() => FirstByRequester(targets));
    }

    public IReadOnlyList<PublishTarget> Targets { get; }

    public IReadOnlyList<string> Lines { get; }

    public string Sha256 { get; }

    /// <summary>
    /// Why no statement could hold this plan and a rejection (<see cref="ApprovalStatement.MaxPlanBytes"/>), so that
    /// officers could neither approve nor reject the batch; null when one can.
    /// </summary>
    public Failure? TooLargeToDecide(string batchId)
    {
        var bytes = ApprovalStatement.PlanBytes(Lines);
        return bytes <= ApprovalStatement.MaxPlanBytes ? null : new Failure(PublishReasons.PlanTooLarge, string.Create(CultureInfo.InvariantCulture,
            $"batch {batchId}'s publish plan ({Targets.Count} targets) takes {bytes} bytes in a statement, more than the "
            + $"{ApprovalStatement.MaxPlanBytes} that leave room for a rejection: officers could neither approve nor reject it"));
    }

    /// <summary>The first target, in the plan's order, that any of these identities requested.</summary>
    public PublishTarget? FirstRequestedByAny(IEnumerable<string> requesters) =>
        requesters.Select(r => _firstByRequester.Value.GetValueOrDefault(RequesterIdentity.Canonical(r))).OfType<PublishTarget>()
            .MinBy(t => t.Position);

    private static Dictionary<string, PublishTarget> FirstByRequester(IReadOnlyList<PublishTarget> targets)
    {
        var first = new Dictionary<string, PublishTarget>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            first.TryAdd(RequesterIdentity.Canonical(target.Artifact.Requester), target);
        }

        return first;
    }
}
