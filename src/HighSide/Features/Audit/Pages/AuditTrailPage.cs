using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Audit.Pages;

/// <summary>One page of the audit trail, newest entries first, with the verification of the whole chain made for it.</summary>
internal sealed record AuditTrailPage(
    AuditVerification Verification,
    AuditAnchor? Head,
    IReadOnlyList<AuditEntry> Entries,
    int Page,
    int PageCount)
{
    public long Length => Head?.Sequence ?? 0;
}
