namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// A person who signs in to the high-side daemon. <see cref="Officer"/> is the roster name of the officer an
/// officer account is, so a decision it submits must be signed with that officer's key. A changed
/// <see cref="SecurityStamp"/> ends every session issued before. <see cref="TotpIssuedUtc"/> is when `account issue-totp` made
/// the authenticator secret, handed over in person: it is never shown on the enrolment page.
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
    DateTimeOffset? DisabledUtc,
    DateTimeOffset? TotpIssuedUtc = null)
{
    public bool IsActive => DisabledUtc is null;

    public bool HasTotp => TotpSecret is not null && TotpConfirmedUtc is not null;

    /// <summary>An authenticator secret was issued in person (`account issue-totp`): never shown, confirmed by its first code.</summary>
    public bool HasIssuedTotp => TotpSecret is not null && TotpIssuedUtc is not null;

    /// <summary>The second step asks for a code: from the authenticator enrolled, or from the one issued and not yet confirmed.</summary>
    public bool AsksForCode => HasTotp || HasIssuedTotp;
}
