using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Trust;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>`lowside receipt import FILE`: verifies a high-side receipt and records the blobs it lists as present there.</summary>
internal sealed class ReceiptImportService(TrustStore trust, ReceiptRepository receipts, AuditTrail audit, ILogger<ReceiptImportService> logger)
{
    public async Task<Outcome<VerifiedReceipt>> ImportAsync(string path, CancellationToken ct)
    {
        var keys = trust.List();
        if (keys.Count == 0)
        {
            return ReceiptErrors.Refused("no high-side key is registered; run 'lowside trust add --key FILE' first");
        }

        var read = await ReceiptReader.ReadAsync(path, keys, ct);
        if (!read.IsOk)
        {
            logger.LogWarning("Receipt {Path} refused: {Reason}", path, read.Error!.Message);
            await audit.RecordAsync(AuditTrail.System, "receipt.refused", path, new { reason = read.Error.Message }, ct);
            return read;
        }

        var receipt = read.Value!;
        if (!await receipts.ImportAsync(receipt, ct))
        {
            var replay = ReceiptErrors.Refused(
                $"it was created {receipt.Receipt.CreatedUtc:O}, not after the newest receipt already imported from {receipt.Receipt.SiteId} (replay)");
            await audit.RecordAsync(AuditTrail.System, "receipt.refused", path, new { reason = replay.Message, receipt.Sha256 }, ct);
            return replay;
        }

        await audit.RecordAsync(AuditTrail.System, "receipt.imported", receipt.Sha256, new
        {
            highSite = receipt.Receipt.SiteId,
            receipt.Receipt.CreatedUtc,
            receipt.KeyId,
            blobs = receipt.Receipt.Blobs.Count,
            receipt.Receipt.ImportedSequences,
        }, ct);
        logger.LogInformation("Receipt from {HighSite} created {Created} imported: {BlobCount} blobs present on the high side",
            receipt.Receipt.SiteId, receipt.Receipt.CreatedUtc, receipt.Receipt.Blobs.Count);
        return read;
    }
}
