using System.Data;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>Imported receipts and the blobs the high side holds.</summary>
internal sealed class ReceiptRepository(SqliteDatabase database, TimeProvider timeProvider)
{
    /// <summary>
    /// Records the receipt and its blobs in one transaction, unless a receipt as new or newer from that
    /// high side was already imported (replay); returns false then.
    /// </summary>
    public async Task<bool> ImportAsync(VerifiedReceipt verified, CancellationToken ct)
    {
        var receipt = verified.Receipt;
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var newest = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MAX(created_utc) FROM receipts WHERE site_id = @SiteId", new { receipt.SiteId }, transaction, cancellationToken: ct));
        if (newest is { } seen && receipt.CreatedUtc <= seen)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO receipts (sha256, site_id, key_id, created_utc, blob_count, imported_utc)
            VALUES (@Sha256, @SiteId, @KeyId, @CreatedUtc, @BlobCount, @Now)
            """,
            new { verified.Sha256, receipt.SiteId, verified.KeyId, receipt.CreatedUtc, BlobCount = receipt.Blobs.Count, Now = timeProvider.GetUtcNow() },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO high_side_blobs (digest, receipt_sha256) VALUES (@Digest, @Sha256)
            ON CONFLICT (digest) DO UPDATE SET receipt_sha256 = excluded.receipt_sha256
            """,
            receipt.Blobs.Distinct(StringComparer.Ordinal).Select(d => new { Digest = d, verified.Sha256 }), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }
}
