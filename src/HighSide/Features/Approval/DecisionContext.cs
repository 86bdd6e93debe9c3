using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// What a decision is checked against: the batch, the roster in force, the plan derived from the signed manifest, the audit
/// trail, and the batch's scan as a statement names it (read when first asked for, once a context).
/// </summary>
internal sealed record DecisionContext(
    BatchRecord Batch, Roster Roster, PublishPlan Plan, Func<StatementAnchor, Task<bool>> HistoryHolds, Func<Task<string>> Scan);
