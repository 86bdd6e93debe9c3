namespace TransferPipeline.LowSide.Features.Users;

/// <summary>
/// What a person may do on the low side: a requester files, lists and cancels their own requests; an
/// operator also cuts batches and manages trust, receipts and users; an auditor reads everything.
/// </summary>
internal static class UserRoles
{
    public const string Requester = "requester";
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [Requester, Operator, Auditor];

    public static bool IsKnown(string? role) => role is Requester or Operator or Auditor;
}
