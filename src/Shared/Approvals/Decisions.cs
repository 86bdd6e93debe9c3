namespace TransferPipeline.Shared.Approvals;

/// <summary>What an officer can decide on a batch.</summary>
public static class Decisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public static bool IsKnown(string? decision) => decision is Approve or Reject;
}
