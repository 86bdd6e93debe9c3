namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>A recorded decision and where the batch stands now.</summary>
internal sealed record DecisionResult(string BatchId, string Decision, string Officer, string KeyId, string State, int ApprovalsCounted, int ApprovalsRequired);
