using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>What a decision is checked against: the batch, the roster in force, the plan derived from the signed manifest, the audit trail.</summary>
internal sealed record DecisionContext(BatchRecord Batch, Roster Roster, PublishPlan Plan, Func<StatementAnchor, Task<bool>> HistoryHolds);
