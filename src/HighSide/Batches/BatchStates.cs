namespace TransferPipeline.HighSide.Batches;

/// <summary>The life of a batch on the high side. Refused and rejected are final: such a batch is never published.</summary>
internal static class BatchStates
{
    public const string Assembling = "assembling";
    public const string WaitingForBlobs = "waiting-for-blobs";
    public const string Verified = "verified";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Approved = "approved";
    public const string Publishing = "publishing";
    public const string Published = "published";
    public const string Rejected = "rejected";
    public const string Refused = "refused";

    public static bool IsFinalFailure(string state) => state is Rejected or Refused;
}
