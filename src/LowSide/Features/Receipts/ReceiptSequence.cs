namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>One batch the high side imported.</summary>
internal sealed record ReceiptSequence
{
    public required string SiteId { get; init; }
    public required long Sequence { get; init; }
}
