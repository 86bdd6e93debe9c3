using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Receipts;

/// <summary>
/// receipt.json: written and signed by the high side, read by the low side. It says which batches the high
/// side imported and which blobs it now holds, so later batches name those blobs instead of shipping them.
/// </summary>
public sealed record Receipt
{
    /// <summary>Version 2 adds <see cref="AuditHead"/>; version 1 receipts (without it) are still read.</summary>
    public const int CurrentFormatVersion = 2;

    public required int FormatVersion { get; init; }

    /// <summary>The high side's site id.</summary>
    public required string SiteId { get; init; }

    /// <summary>When the receipt was written, to the second, in UTC ("2026-12-01T08:00:00Z").</summary>
    [JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset CreatedUtc { get; init; }

    public required IReadOnlyList<ReceiptSequence> ImportedSequences { get; init; }

    /// <summary>Every blob the high side holds, as sha256:HEX.</summary>
    public required IReadOnlyList<string> Blobs { get; init; }

    /// <summary>
    /// The high side's audit trail head when the receipt was written: kept by the low side, out of reach of
    /// the high side's operators, it shows later whether the high side's history was cut or rewritten.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReceiptAuditHead? AuditHead { get; init; }
}
