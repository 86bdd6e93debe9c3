namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>POST /batches/{id}/approvals and /rejections: the statement as it was signed, and the minisign signature text.</summary>
internal sealed record DecisionBody(string? Statement, string? Signature);
