using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>How a batch's decisions stand right now: every approval checked again against the roster in force and the plan.</summary>
internal sealed class ApprovalTally(ApprovalRepository approvals, RosterService rosters, PublishPlanner planner, AuditHistory history,
    IOptions<ApprovalOptions> options, TimeProvider clock)
{
    /// <summary>What decisions on the batch are checked against, or why they cannot be checked.</summary>
    public async Task<Outcome<DecisionContext>> ContextAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var roster = await rosters.ForDecisionsAsync(cancellationToken);
        if (!roster.IsOk)
        {
            return roster.Error;
        }

        var plan = await planner.PlanAsync(batch, cancellationToken);
        return plan.IsOk
            ? new DecisionContext(batch, roster.Value, plan.Value, anchor => history.HoldsAsync(anchor, cancellationToken))
            : plan.Error;
    }

    public async Task<ApprovalTallyResult> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(batch, cancellationToken);
        if (!context.IsOk)
        {
            return new ApprovalTallyResult([], options.Value.Required, context.Error);
        }

        var stored = await approvals.ForBatchAsync(batch.Id, cancellationToken);
        var verdicts = await ApprovalEvaluator.EvaluateAsync(context.Value, stored, clock.GetUtcNow(), options.Value.Validity);
        return new ApprovalTallyResult(verdicts, context.Value.Roster.Threshold, null);
    }

    public async Task<IReadOnlyList<ApprovalRecord>> RejectionsAsync(string batchId, CancellationToken cancellationToken) =>
        [.. (await approvals.ForBatchAsync(batchId, cancellationToken)).Where(a => a.Decision == Decisions.Reject)];
}
