namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>
/// receipt.json, written and signed by the high side: which batches it imported and which blobs it now
/// holds. Later batches name those blobs by digest instead of shipping them again.
/// </summary>
internal sealed record Receipt
{
    public const int CurrentFormatVersion = 1;

    public required int FormatVersion { get; init; }
    public required string SiteId { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required IReadOnlyList<ReceiptSequence> ImportedSequences { get; init; }
    public required IReadOnlyList<string> Blobs { get; init; }
}
