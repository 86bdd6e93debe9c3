namespace TransferPipeline.HighSide.Batches;

/// <summary>The life of a batch on the high side. Refused and rejected are final: such a batch is never published.</summary>
internal static class BatchStates
{
    public const string Assembling = "assembling";
    public const string WaitingForBlobs = "waiting-for-blobs";
    public const string Verified = "verified";
    public const string Scanning = "scanning";
    public const string BlockedByScan = "blocked-by-scan";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Approved = "approved";
    public const string Publishing = "publishing";
    public const string Published = "published";
    public const string Rejected = "rejected";
    public const string Refused = "refused";

    /// <summary>Every state the code knows; a gate registered at run time adds its own hold state.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Assembling, WaitingForBlobs, Verified, Scanning, BlockedByScan, AwaitingApproval, Approved, Publishing, Published, Rejected, Refused];

    /// <summary>States a batch never leaves.</summary>
    public static IReadOnlyList<string> Final { get; } = [Published, Rejected, Refused];

    public static bool IsFinalFailure(string state) => state is Rejected or Refused;
}
