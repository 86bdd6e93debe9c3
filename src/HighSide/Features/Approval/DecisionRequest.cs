namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>An officer's decision as submitted: the minisign signature text over the statement.</summary>
internal sealed record DecisionRequest(string BatchId, string Decision, string? Reason, string Signature);
