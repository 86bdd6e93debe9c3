using System.Data;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>Imported receipts and the blobs the high side holds.</summary>
internal sealed class ReceiptRepository(Database database, TimeProvider timeProvider)
{
    /// <summary>
    /// Records the receipt and its blobs in one transaction, unless a receipt as new or newer from that
    /// high side was already imported (replay) or the high side's audit head went back below one a
    /// receipt already carried (its history was cut); says which, and which shipped requests the high side now holds every
    /// blob of for the first time (published there): those are marked published in the same transaction.
    /// </summary>
    public async Task<(ReceiptImportCheck Check, IReadOnlyList<string> Published)> ImportAsync(VerifiedReceipt verified, string file, CancellationToken ct)
    {
        var receipt = verified.Receipt;
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, ct);
        var newest = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MAX(created_utc) FROM receipts WHERE site_id = @SiteId", new { receipt.SiteId }, transaction, cancellationToken: ct));
        if (newest is { } seen && receipt.CreatedUtc <= seen)
        {
            return (ReceiptImportCheck.Replay, []);
        }

        var highest = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT MAX(audit_sequence) FROM receipts WHERE site_id = @SiteId", new { receipt.SiteId }, transaction, cancellationToken: ct));
        if (highest is { } before && receipt.AuditHead is { } head && head.Sequence < before)
        {
            return (ReceiptImportCheck.HistoryCut, []);
        }

        // The same entry with another hash: the history up to there was rebuilt, even if it has grown since.
        if (receipt.AuditHead is { } pinned && await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT audit_hash FROM receipts WHERE site_id = @SiteId AND audit_sequence = @Sequence",
                new { receipt.SiteId, pinned.Sequence }, transaction, cancellationToken: ct)) is { } kept && kept != pinned.Hash)
        {
            return (ReceiptImportCheck.HistoryCut, []);
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO receipts (sha256, site_id, key_id, created_utc, blob_count, imported_utc, audit_sequence, audit_hash, file)
            VALUES (@Sha256, @SiteId, @KeyId, @CreatedUtc, @BlobCount, @Now, @AuditSequence, @AuditHash, @file)
            """,
            new
            {
                verified.Sha256,
                receipt.SiteId,
                verified.KeyId,
                receipt.CreatedUtc,
                BlobCount = receipt.Blobs.Count,
                Now = timeProvider.GetUtcNow(),
                AuditSequence = receipt.AuditHead?.Sequence,
                AuditHash = receipt.AuditHead?.Hash,
                file,
            },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO high_side_blobs (digest, receipt_sha256) VALUES (@Digest, @Sha256)
            ON CONFLICT (digest) DO UPDATE SET receipt_sha256 = excluded.receipt_sha256
            """,
            receipt.Blobs.Distinct(StringComparer.Ordinal).Select(d => new { Digest = d, verified.Sha256 }), transaction, cancellationToken: ct));
        var published = await connection.QueryAsync<string>(new CommandDefinition("""
            UPDATE requests SET published_utc = @Now
            WHERE status = 'shipped' AND published_utc IS NULL
              AND EXISTS (SELECT 1 FROM request_blobs b WHERE b.request_id = requests.id)
              AND NOT EXISTS (SELECT 1 FROM request_blobs b WHERE b.request_id = requests.id
                              AND b.digest NOT IN (SELECT digest FROM high_side_blobs))
            RETURNING id
            """, new { Now = timeProvider.GetUtcNow() }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (ReceiptImportCheck.Imported, [.. published.Order(StringComparer.Ordinal)]);
    }

    /// <summary>Every receipt kept, oldest first: where its copy is and the high side's audit head it carried.</summary>
    public async Task<IReadOnlyList<KeptReceipt>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<KeptReceipt>(new CommandDefinition("""
            SELECT sha256 AS Sha256, site_id AS SiteId, created_utc AS CreatedUtc, audit_sequence AS AuditSequence, audit_hash AS AuditHash,
                   file AS File
            FROM receipts ORDER BY created_utc
            """, cancellationToken: ct))).AsList();
    }
}
