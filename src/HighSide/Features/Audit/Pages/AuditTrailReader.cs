using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Audit.Pages;

/// <summary>
/// What the console's audit page shows: the chain verified on every view (hashes, links, signed checkpoints, as
/// `highside audit verify` does) and one page of entries, page 1 the newest.
/// </summary>
internal sealed class AuditTrailReader(AuditService audit, AuditLog log)
{
    public const int PageSize = 50;

    public async Task<AuditTrailPage> ReadAsync(int page, CancellationToken cancellationToken)
    {
        var verification = await audit.VerifyAsync(cancellationToken);
        var head = await log.HeadAsync("head", cancellationToken);
        var length = head?.Sequence ?? 0;
        var pages = (int)Math.Max(1, (length + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var last = length - ((long)(page - 1) * PageSize);
        var first = Math.Max(1, last - PageSize + 1);
        var entries = new List<AuditEntry>(PageSize);
        if (last >= 1)
        {
            await foreach (var entry in log.ReadAsync(first - 1, cancellationToken))
            {
                if (entry.Sequence > last)
                {
                    break;
                }

                entries.Add(entry);
            }
        }

        entries.Reverse();
        return new AuditTrailPage(verification, head, entries, page, pages);
    }
}
