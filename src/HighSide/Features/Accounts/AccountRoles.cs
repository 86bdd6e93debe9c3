namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// What a person signed in to the high-side daemon may do: an officer decides on batches (and signs roster
/// proposals), an operator runs imports, publishing and accounts, an auditor reads batches, the audit trail
/// and the roster. Every role reads.
/// </summary>
internal static class AccountRoles
{
    public const string Officer = "officer";
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [Officer, Operator, Auditor];

    public static bool IsKnown(string? role) => role is Officer or Operator or Auditor;
}
