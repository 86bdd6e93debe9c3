using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>How a batch's decisions stand right now: every approval checked again against the roster in force and the plan.</summary>
internal sealed class ApprovalTally(ApprovalRepository approvals, BatchRepository batches, RosterService rosters, PublishPlanner planner,
    AuditHistory history, StatementScan scan, IOptions<ApprovalOptions> options, TimeProvider clock)
{
    /// <summary>What decisions on the batch are checked against, or why they cannot be checked.</summary>
    public Task<Outcome<DecisionContext>> ContextAsync(BatchRecord batch, CancellationToken cancellationToken) =>
        ContextAsync(batch, null, null, cancellationToken);

    public Task<ApprovalTallyResult> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken) =>
        EvaluateAsync(batch, null, null, cancellationToken);

    /// <summary>For one publishing run, which checks the decisions again before every artifact.</summary>
    public RecheckedDecisions Recheck() => new(approvals);

    /// <param name="batch">The batch, as its row stands now.</param>
    /// <param name="plan">
    /// The plan the caller derived from the signed manifest for this run (publishing checks decisions before every
    /// artifact, and deriving the plan each time would read the whole manifest once per artifact); derived here when null.
    /// </param>
    /// <param name="rechecked">The run's decisions, whose statements it reads and verifies once; all read afresh when null.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    public async Task<ApprovalTallyResult> EvaluateAsync(BatchRecord batch, PublishPlan? plan, RecheckedDecisions? rechecked,
        CancellationToken cancellationToken)
    {
        var context = await ContextAsync(batch, plan, rechecked, cancellationToken);
        if (!context.IsOk)
        {
            return new ApprovalTallyResult([], options.Value.Required, context.Error);
        }

        var stored = await ReadAsync(batch.Id, rechecked, cancellationToken);
        // Once publishing has begun, an approval's expiry no longer stops it half-way; each officer still counts once. Begun
        // as the trail recorded it: a row set to publishing by hand does not stop approvals expiring.
        var expiry = batch.State == BatchStates.Publishing && await batches.LastAuditedStateAsync(batch.Id, cancellationToken) == BatchStates.Publishing
            ? null
            : new ApprovalExpiry(options.Value.Validity, clock.GetUtcNow(), await approvals.FirstRecordedAsync(batch.Id, cancellationToken));
        var verdicts = await ApprovalEvaluator.EvaluateAsync(context.Value, stored, expiry, rechecked);
        return new ApprovalTallyResult(verdicts, context.Value.Roster.Threshold, null);
    }

    public Task<IReadOnlyList<ApprovalRecord>> RejectionsAsync(string batchId, CancellationToken cancellationToken) =>
        RejectionsAsync(batchId, null, cancellationToken);

    public async Task<IReadOnlyList<ApprovalRecord>> RejectionsAsync(string batchId, RecheckedDecisions? rechecked, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(batchId, rechecked, cancellationToken)).Where(a => a.Decision == Decisions.Reject)];

    private Task<IReadOnlyList<ApprovalRecord>> ReadAsync(string batchId, RecheckedDecisions? rechecked, CancellationToken cancellationToken) =>
        rechecked?.ReadAsync(batchId, cancellationToken) ?? approvals.ForBatchAsync(batchId, cancellationToken);

    private async Task<Outcome<DecisionContext>> ContextAsync(BatchRecord batch, PublishPlan? plan, RecheckedDecisions? rechecked,
        CancellationToken cancellationToken)
    {
        var roster = await rosters.ForDecisionsAsync(cancellationToken);
        if (!roster.IsOk)
        {
            return roster.Error;
        }

        if (plan is null)
        {
            var planned = await planner.PlanAsync(batch, cancellationToken);
            if (!planned.IsOk)
            {
                return planned.Error;
            }

            plan = planned.Value;
        }

        Task<string>? scanned = null;
        Task<string> ReadScan() => scan.OfBatchAsync(batch.Id, cancellationToken);
        return new DecisionContext(batch, roster.Value, plan, anchor => history.HoldsAsync(anchor, cancellationToken),
            () => rechecked?.ScanAsOfStartAsync(ReadScan) ?? (scanned ??= ReadScan()));
    }
}
