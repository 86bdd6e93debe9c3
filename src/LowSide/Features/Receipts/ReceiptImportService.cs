using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Trust;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>`lowside receipt import FILE`: verifies a high-side receipt and records the blobs it lists as present there.</summary>
internal sealed class ReceiptImportService(TrustStore trust, ReceiptRepository receipts, DataDirectory data, AuditTrail audit,
    ILogger<ReceiptImportService> logger)
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
        var kept = await KeepAsync(path, receipt.Sha256, ct);
        var (check, published) = await receipts.ImportAsync(receipt, kept, ct);
        if (check != ReceiptImportCheck.Imported)
        {
            var refused = check == ReceiptImportCheck.Replay
                ? ReceiptErrors.Refused(
                    $"it was created {receipt.Receipt.CreatedUtc:O}, not after the newest receipt already imported from {receipt.Receipt.SiteId} (replay)")
                : ReceiptErrors.HistoryCut(receipt.Receipt.SiteId, receipt.Receipt.AuditHead!.Sequence);
            await audit.RecordAsync(AuditTrail.System, "receipt.refused", path, new { reason = refused.Code, refused.Message, receipt.Sha256 }, ct);
            return refused;
        }

        await audit.RecordAsync(AuditTrail.System, "receipt.imported", receipt.Sha256, new
        {
            highSite = receipt.Receipt.SiteId,
            receipt.Receipt.CreatedUtc,
            receipt.KeyId,
            blobs = receipt.Receipt.Blobs.Count,
            receipt.Receipt.ImportedSequences,
            receipt.Receipt.AuditHead,
            kept,
            published,
        }, ct);
        logger.LogInformation("Receipt from {HighSite} created {Created} imported: {BlobCount} blobs present on the high side",
            receipt.Receipt.SiteId, receipt.Receipt.CreatedUtc, receipt.Receipt.Blobs.Count);
        return read;
    }

    // The receipt and its signature are kept as they came: each is an anchor of the high side's audit history
    // that its operators cannot reach (`highside audit verify --anchor FILE`).
    private async Task<string> KeepAsync(string path, string sha256, CancellationToken ct)
    {
        Directory.CreateDirectory(data.ReceiptsDirectory());
        var kept = Path.Combine(data.ReceiptsDirectory(), sha256 + ".json");
        await DurableFile.WriteAllBytesAsync(kept, await File.ReadAllBytesAsync(path, ct), ct);
        await DurableFile.WriteAllBytesAsync(kept + ".minisig", await File.ReadAllBytesAsync(path + ".minisig", ct), ct);
        return kept;
    }
}
