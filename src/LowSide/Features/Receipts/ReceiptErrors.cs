using TransferPipeline.LowSide.Errors;

namespace TransferPipeline.LowSide.Features.Receipts;

internal static class ReceiptErrors
{
    public static LowSideError Refused(string message) => new(LowSideError.ReceiptRefused, "receipt refused: " + message, "file");
}
