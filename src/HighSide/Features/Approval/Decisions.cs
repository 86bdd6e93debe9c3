namespace TransferPipeline.HighSide.Features.Approval;

internal static class Decisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
}
