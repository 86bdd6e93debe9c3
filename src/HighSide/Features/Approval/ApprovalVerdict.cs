namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>Whether one stored approval counts now, and if not, why (a reason code).</summary>
internal sealed record ApprovalVerdict(ApprovalRecord Approval, string? DiscountedBecause)
{
    public bool Counts => DiscountedBecause is null;
}
