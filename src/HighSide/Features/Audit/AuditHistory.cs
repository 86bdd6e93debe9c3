using Dapper;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>The audit trail's head, which statements and receipts pin, and whether a pinned entry is still there as it was.</summary>
internal sealed class AuditHistory(SqliteDatabase database)
{
    public async Task<StatementAnchor> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var head = await connection.QuerySingleOrDefaultAsync<(long Sequence, string Hash)?>(new CommandDefinition(
            """SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1""", cancellationToken: cancellationToken));
        return head is { } h ? new StatementAnchor(h.Sequence, h.Hash) : new StatementAnchor(0, Shared.Audit.AuditEntry.GenesisHash);
    }

    public async Task<bool> HoldsAsync(StatementAnchor anchor, CancellationToken cancellationToken)
    {
        if (anchor.Number == 0)
        {
            return anchor.Hash == Shared.Audit.AuditEntry.GenesisHash;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var hash = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """SELECT hash FROM audit_entries WHERE sequence = @Number""", new { anchor.Number }, cancellationToken: cancellationToken));
        return hash == anchor.Hash;
    }
}
