namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>What recording a verified receipt found.</summary>
internal enum ReceiptImportCheck
{
    Imported,

    /// <summary>A receipt as new or newer from that high side was imported before.</summary>
    Replay,

    /// <summary>The high side's audit head is below one an earlier receipt carried: its history was cut or rebuilt.</summary>
    HistoryCut,
}
