namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>The claim types of high-side sessions beyond name and role, and how an account is named in the audit trail.</summary>
internal static class AccountClaims
{
    public const string Officer = "highside:officer";
    public const string SecurityStamp = "highside:stamp";
    public const string SignedInUtc = "highside:signed-in";

    public static string Actor(string accountName) => "account:" + accountName;
}
