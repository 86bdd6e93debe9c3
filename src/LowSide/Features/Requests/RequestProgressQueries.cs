using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>The progress of every request past the low side: shipped in which batch, published on the high side.</summary>
internal sealed class RequestProgressQueries(Database database)
{
    public async Task<IReadOnlyDictionary<string, RequestProgress>> AllAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ProgressRow>(new CommandDefinition("""
            SELECT r.id AS RequestId,
                   (SELECT MAX(b.sequence) FROM batch_requests br JOIN batches b ON b.id = br.batch_id
                    WHERE br.request_id = r.id AND b.status = 'shipped') AS ShippedInBatch,
                   CASE WHEN EXISTS (SELECT 1 FROM request_blobs rb WHERE rb.request_id = r.id)
                         AND NOT EXISTS (SELECT 1 FROM request_blobs rb WHERE rb.request_id = r.id
                                         AND rb.digest NOT IN (SELECT digest FROM high_side_blobs))
                        THEN 1 ELSE 0 END AS OnHighSide
            FROM requests r
            """, cancellationToken: ct));
        return rows.ToDictionary(p => p.RequestId, p => new RequestProgress(p.RequestId, p.ShippedInBatch, p.OnHighSide != 0), StringComparer.Ordinal);
    }

    // Settable properties: with no rows SQLite reports no column types, which a constructor-mapped record cannot take.
    private sealed class ProgressRow
    {
        public string RequestId { get; init; } = "";
        public long? ShippedInBatch { get; init; }
        public long OnHighSide { get; init; }
    }
}
