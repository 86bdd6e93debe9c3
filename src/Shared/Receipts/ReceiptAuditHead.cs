namespace TransferPipeline.Shared.Receipts;

/// <summary>An audit trail's head: the newest entry's sequence number and its hash.</summary>
public sealed record ReceiptAuditHead(long Sequence, string Hash);
