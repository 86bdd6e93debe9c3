using System.Globalization;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>How far a batch is towards publication, as the console says it: "1 of 2 approvals".</summary>
internal static class ApprovalProgress
{
    public static string Text(int counted, int required) =>
        string.Create(CultureInfo.InvariantCulture, $"{counted} of {required} approval{(required == 1 ? "" : "s")}");
}
