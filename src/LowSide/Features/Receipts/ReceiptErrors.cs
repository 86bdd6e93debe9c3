using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Receipts;

internal static class ReceiptErrors
{
    public static Failure Refused(string message) => LowSideFailure.Create(LowSideReasons.ReceiptRefused, "receipt refused: " + message, "file");

    public static Failure HistoryCut(string site, long sequence) =>
        LowSideFailure.Create(LowSideReasons.AuditHistoryCut,
            $"receipt refused: {site}'s audit trail is at entry {sequence}, below the head an earlier receipt carried or with another hash "
            + "than a kept receipt holds for that entry: its history was cut or rebuilt; "
            + "take the kept receipts (lowside receipt list) to the high side and run 'highside audit verify --anchor FILE'", "file");
}
