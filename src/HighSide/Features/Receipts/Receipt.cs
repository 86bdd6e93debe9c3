namespace TransferPipeline.HighSide.Features.Receipts;

/// <summary>What the high side tells the low side: which batches arrived and which blobs it now holds.</summary>
internal sealed record Receipt(int FormatVersion, string SiteId, string CreatedUtc, IReadOnlyList<ReceiptSequence> ImportedSequences, IReadOnlyList<string> Blobs)
{
    public const int CurrentFormatVersion = 1;
}
