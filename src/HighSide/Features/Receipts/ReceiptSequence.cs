namespace TransferPipeline.HighSide.Features.Receipts;

internal sealed record ReceiptSequence(string SiteId, long Sequence);
