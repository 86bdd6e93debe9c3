using TransferPipeline.Shared;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.LowSide.Hosting;

/// <summary>
/// The low side's hash-chained audit log (lowside.db, mirrored to DATA/logs/audit.jsonl): who asked for
/// what, what was refused and why, what was shipped and which receipts were accepted.
/// </summary>
internal sealed class AuditTrail(AuditLog log, ILogger<AuditTrail> logger)
{
    public const string System = "lowside";

    public async Task RecordAsync(string actor, string action, string subject, object? details, CancellationToken ct)
    {
        // Refusals are recorded with what was sent, which may be hostile: no control characters, bounded length.
        try
        {
            await log.AppendAsync(DisplayText.Printable(actor, 512) is { Length: > 0 } who ? who : System, action, DisplayText.Printable(subject, 512), details, ct);
        }
        catch (IOException ex)
        {
            // The entry is committed in the database; only the JSON-lines mirror lags until the next append.
            logger.LogWarning(ex, "Audit mirror could not be written after {Action} on {Subject}", action, subject);
        }
    }
}
