namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>The `Approval` section: how many distinct officers must approve, and for how long an approval stands.</summary>
internal sealed class ApprovalOptions
{
    public const string Section = "Approval";

    public int Required { get; set; } = 2;

    public TimeSpan Validity { get; set; } = TimeSpan.FromDays(3);
}
