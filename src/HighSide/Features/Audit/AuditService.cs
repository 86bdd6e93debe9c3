using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>Verifies and exports the audit trail: chain, links and the signed checkpoints.</summary>
internal sealed class AuditService(AuditLog log, SiteKey siteKey)
{
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        log.VerifyAsync(new MinisignCheckpointVerifier(siteKey.PublicKey), cancellationToken);

    public async Task ExportAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None);
        await log.ExportAsync(stream, cancellationToken);
        stream.Flush(flushToDisk: true);
    }
}
