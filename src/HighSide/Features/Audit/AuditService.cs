using TransferPipeline.Shared.Audit;
using TransferPipeline.Hosting.Site;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>Verifies and exports the audit trail: chain, links and the signed checkpoints.</summary>
internal sealed class AuditService(AuditLog log, SiteKey siteKey)
{
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        log.VerifyAsync(new MinisignCheckpointVerifier(siteKey.LoadPublicKey()), cancellationToken);

    public Task<AuditAnchorCheck> CheckAnchorsAsync(IReadOnlyList<AuditAnchor> anchors, CancellationToken cancellationToken) =>
        log.CheckAnchorsAsync(anchors, cancellationToken);

    public async Task ExportAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None);
        await log.ExportAsync(stream, cancellationToken);
        stream.Flush(flushToDisk: true);
    }
}
