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

    public async Task<bool> HoldsAsync(StatementAnchor anchor, CancellationToken cancellationToken) =>
        anchor.Number == 0
            ? anchor.Hash == AuditEntry.GenesisHash
            : (await log.CheckAnchorsAsync([new AuditAnchor(anchor.Number, anchor.Hash, "statement")], cancellationToken)).IsValid;
}
