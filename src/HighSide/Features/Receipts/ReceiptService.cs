using Dapper;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Site;

using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.HighSide.Features.Receipts;

/// <summary>
/// Writes FILE (the receipt JSON) and FILE.minisig (a prehashed minisign signature by the high side's
/// key, trusted comment <c>transferpipeline-receipt site:SITE created:TIME</c>).
/// </summary>
internal sealed class ReceiptService(AuditLog log, Database database, BlobRepository blobs, SiteKey siteKey, IOptions<SiteOptions> site,
    AuditTrail audit, TimeProvider clock)
{
    // Dapper expands a list parameter into IN (...) for SQLite, but hands it to Npgsql as one array, compared with = ANY.
    private static readonly ProviderSql StateInStates = new("state IN @states", "state = ANY(@states)");

    public async Task<Receipt> WriteAsync(string file, CancellationToken cancellationToken)
    {
        var receipt = new Receipt
        {
            FormatVersion = Receipt.CurrentFormatVersion,
            SiteId = site.Value.Id,
            CreatedUtc = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()),
            ImportedSequences = await ImportedAsync(cancellationToken),
            Blobs = await blobs.AllAsync(cancellationToken),
            AuditHead = await log.HeadAsync("receipt", cancellationToken) is { } head ? new ReceiptAuditHead(head.Sequence, head.Hash) : null,
        };
        var bytes = ReceiptFormat.Serialize(receipt);
        using var stream = new MemoryStream(bytes);
        var signature = await siteKey.SharedSecretKey.SignAsync(stream, ReceiptFormat.TrustedComment(receipt), "receipt from the high side", cancellationToken);
        await DurableFile.WriteAllBytesAsync(file, bytes, cancellationToken);
        await DurableFile.WriteAllBytesAsync(file + ".minisig", System.Text.Encoding.UTF8.GetBytes(signature.ToFileText()), cancellationToken);
        await audit.RecordAsync(HostUser.Actor, "receipt.written", file,
            new
            {
                sequences = receipt.ImportedSequences.Count,
                blobs = receipt.Blobs.Count,
                created = UtcSecondsConverter.ToText(receipt.CreatedUtc),
            },
            cancellationToken);
        return receipt;
    }

    private async Task<IReadOnlyList<ReceiptSequence>> ImportedAsync(CancellationToken cancellationToken)
    {
        // Every batch whose import completed (all volumes in, verified), whatever the officers decided after.
        string[] states = [BatchStates.WaitingForBlobs, BatchStates.Verified, BatchStates.Scanning, BatchStates.BlockedByScan,
            BatchStates.AwaitingApproval, BatchStates.Approved,
            BatchStates.Publishing, BatchStates.Published, BatchStates.Rejected];
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReceiptSequence>(new CommandDefinition(
            $"""SELECT site_id AS SiteId, sequence AS Sequence FROM batches WHERE {StateInStates.For(database)} ORDER BY site_id, sequence""",
            new { states }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
