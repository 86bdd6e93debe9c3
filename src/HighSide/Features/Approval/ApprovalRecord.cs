namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>A stored approval or rejection: the officer's minisign signature over the statement.</summary>
internal sealed record ApprovalRecord(long Id, string BatchId, string Decision, string KeyId, string Officer, string? Reason, string Signature,
    DateTimeOffset RecordedUtc);
