namespace TransferPipeline.Shared.Receipts;

/// <summary>One batch the high side imported: its low-side site and sequence.</summary>
public sealed record ReceiptSequence(string SiteId, long Sequence);
