using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Receipts;

internal static class ReceiptErrors
{
    public static Failure Refused(string message) => LowSideFailure.Create(LowSideReasons.ReceiptRefused, "receipt refused: " + message, "file");
}
