using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>The audit trail's head, which statements and receipts pin, and whether a pinned entry is still there as it was.</summary>
internal sealed class AuditHistory(AuditLog log)
{
    public async Task<StatementAnchor> HeadAsync(CancellationToken cancellationToken) =>
        await log.HeadAsync("head", cancellationToken) is { } head
            ? new StatementAnchor(head.Sequence, head.Hash)
            : new StatementAnchor(0, AuditEntry.GenesisHash);

    /// <summary>The entry at <paramref name="sequence"/> as an anchor (0: the genesis), or null when the trail holds no such entry.</summary>
    public async Task<StatementAnchor?> AtAsync(long sequence, CancellationToken cancellationToken)
    {
        if (sequence <= 0)
        {
            return sequence == 0 ? new StatementAnchor(0, AuditEntry.GenesisHash) : null;
        }

        await foreach (var entry in log.ReadAsync(sequence - 1, cancellationToken))
        {
            return entry.Sequence == sequence ? new StatementAnchor(entry.Sequence, entry.Hash) : null;
        }

        return null;
    }

    public async Task<bool> HoldsAsync(StatementAnchor anchor, CancellationToken cancellationToken) =>
        anchor.Number == 0
            ? anchor.Hash == AuditEntry.GenesisHash
            : (await log.CheckAnchorsAsync([new AuditAnchor(anchor.Number, anchor.Hash, "statement")], cancellationToken)).IsValid;
}
