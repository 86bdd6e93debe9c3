namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>An account as `account list` and the API show it: never its password hash or TOTP secret.</summary>
internal sealed record AccountSummary(string Name, string Role, string? Officer, bool TotpEnrolled, int SecurityKeys, DateTimeOffset CreatedUtc,
    DateTimeOffset? DisabledUtc)
{
    public bool IsActive => DisabledUtc is null;
}
