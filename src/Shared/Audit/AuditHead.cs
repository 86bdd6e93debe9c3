using System.Data.Common;
using Dapper;

namespace TransferPipeline.Shared.Audit;

/// <summary>The newest entry of the log: what the next entry links to and what a checkpoint signs.</summary>
internal sealed record AuditHead(long Sequence, string Hash)
{
    /// <summary>The head as <paramref name="transaction"/> (or, without one, the connection) sees it; null for an empty log.</summary>
    public static Task<AuditHead?> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<AuditHead>(new CommandDefinition(
            "SELECT sequence AS Sequence, hash AS Hash FROM audit_entries ORDER BY sequence DESC LIMIT 1",
            transaction: transaction,
            cancellationToken: cancellationToken));
}
