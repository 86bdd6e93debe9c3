namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>A stored approval or rejection: the statement the officer signed and their minisign signature over it.</summary>
internal sealed record ApprovalRecord(long Id, string BatchId, string Decision, string KeyId, string Officer, string? Reason, string Signature,
    string? Statement, DateTimeOffset RecordedUtc);
