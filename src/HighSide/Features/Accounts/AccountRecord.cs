namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// A person who signs in to the high-side daemon. <see cref="Officer"/> is the roster name of the officer an
/// officer account is, so a decision it submits must be signed with that officer's key. A changed
/// <see cref="SecurityStamp"/> ends every session issued before.
/// </summary>
internal sealed record AccountRecord(
    string Name,
    string Role,
    string? Officer,
    string PasswordHash,
    bool MustChangePassword,
    string? TotpSecret,
    DateTimeOffset? TotpConfirmedUtc,
    long? TotpLastStep,
    string SecurityStamp,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? DisabledUtc)
{
    public bool IsActive => DisabledUtc is null;

    public bool HasTotp => TotpSecret is not null && TotpConfirmedUtc is not null;
}
