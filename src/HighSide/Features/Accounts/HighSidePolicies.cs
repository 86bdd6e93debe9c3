namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>Who may call what on the high side's HTTP API; which officer a decision is from is checked by the approval service.</summary>
internal static class HighSidePolicies
{
    /// <summary>Batches, statements, the roster: every signed-in role.</summary>
    public const string Read = "read";

    /// <summary>Approve, reject, sign roster proposals: officers.</summary>
    public const string Decide = "decide";

    /// <summary>Imports, publishing, accounts: operators.</summary>
    public const string Operate = "operate";

    /// <summary>The sign-in's second step: the password is proven, the second factor is not yet.</summary>
    public const string SecondFactor = "second-factor";
}
