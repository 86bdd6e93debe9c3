using TransferPipeline.HighSide.Batches;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>The stylesheet's class for a batch state's badge: good when published, bad when it never will be, warn while waiting on a person.</summary>
internal static class StateStyle
{
    public static string For(string state) => state switch
    {
        BatchStates.Published => "state good",
        BatchStates.Rejected or BatchStates.Refused => "state bad",
        BatchStates.AwaitingApproval or BatchStates.BlockedByScan => "state warn",
        _ => "state",
    };
}
