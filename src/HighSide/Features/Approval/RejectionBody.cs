namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>POST /batches/{id}/rejections: the reason and the minisign signature over the rejection statement.</summary>
internal sealed record RejectionBody(string Reason, string Signature);
