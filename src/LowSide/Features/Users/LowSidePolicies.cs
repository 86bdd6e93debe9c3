namespace TransferPipeline.LowSide.Features.Users;

/// <summary>Who may call what on the low side's API; finer rules (only one's own requests) are in the services.</summary>
internal static class LowSidePolicies
{
    /// <summary>Files requests: requesters and operators.</summary>
    public const string FileRequests = "file-requests";

    /// <summary>Reads batches: operators and auditors.</summary>
    public const string ReadBatches = "read-batches";

    /// <summary>Cuts batches and manages trust, receipts and users: operators.</summary>
    public const string Operate = "operate";
}
