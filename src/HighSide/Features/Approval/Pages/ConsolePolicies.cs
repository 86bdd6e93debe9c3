namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>
/// The authorization policies and roles the officers' console pages name. Stand-ins for HighSidePolicies and AccountRoles of
/// the accounts feature (being added in parallel, with the same values): when it lands, these names are replaced by its own.
/// </summary>
internal static class ConsolePolicies
{
    /// <summary>Batches, the audit trail, the roster: every signed-in role.</summary>
    public const string Read = "read";

    /// <summary>Approve or reject: officers.</summary>
    public const string Decide = "decide";

    /// <summary>The roles that see the console's pages in the navigation.</summary>
    public static readonly string[] Roles = ["officer", "operator", "auditor"];
}
