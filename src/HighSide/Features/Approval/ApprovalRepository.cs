using System.Data.Common;
using System.Globalization;
using Dapper;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Approval;

internal sealed class ApprovalRepository(Database database)
{
    public async Task<IReadOnlyList<ApprovalRecord>> ForBatchAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ApprovalRecord>(new CommandDefinition(
            """
            SELECT id AS Id, batch_id AS BatchId, decision AS Decision, key_id AS KeyId, officer AS Officer, reason AS Reason,
                   signature AS Signature, statement AS Statement, recorded_utc AS RecordedUtc
            FROM approvals WHERE batch_id = @batchId ORDER BY id
            """, new { batchId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<DecisionHeading>> HeadingsForBatchAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DecisionHeading>(new CommandDefinition(
            """
            SELECT id AS Id, batch_id AS BatchId, decision AS Decision, key_id AS KeyId, officer AS Officer, reason AS Reason,
                   signature AS Signature, octet_length(statement) AS StatementBytes, recorded_utc AS RecordedUtc
            FROM approvals WHERE batch_id = @batchId ORDER BY id
            """, new { batchId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// When the audit trail first recorded each approval of batch <paramref name="batchId"/>, by <see cref="ApprovalExpiry.Key"/>
    /// (from the entry's details, as <c>ApprovalService</c> writes them).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> FirstRecordedAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var entries = await connection.QueryAsync<(string Timestamp, string Details)>(new CommandDefinition(
            """
            SELECT timestamp_utc, details_json FROM audit_entries
            WHERE action = 'approval.recorded' AND subject = @batchId ORDER BY sequence
            """, new { batchId }, cancellationToken: cancellationToken));
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (timestamp, details) in entries)
        {
            if (RecordedKey(details) is { } key
                && DateTimeOffset.TryParseExact(timestamp, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                first.TryAdd(key, at);
            }
        }

        return first;
    }

    private static string? RecordedKey(string detailsJson) =>
        AuditDetails.Parse(detailsJson) is var details
        && details.Text("keyId") is { } keyId && details.Text("auditHead") is { } head && details.Text("publishPlanSha256") is { } plan
            ? ApprovalExpiry.Key(keyId, head, plan)
            : null;

    public async Task<string?> StatementAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT statement FROM approvals WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, ApprovalRecord approval, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, statement, recorded_utc)
            VALUES (@BatchId, @Decision, @KeyId, @Officer, @Reason, @Signature, @Statement, @RecordedUtc)
            """, approval, transaction, cancellationToken: cancellationToken));
}
