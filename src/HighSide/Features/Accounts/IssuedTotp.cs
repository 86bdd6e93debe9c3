namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>An authenticator secret made by `account issue-totp`: base32 text and its otpauth:// URI.</summary>
internal sealed record IssuedTotp(string Account, string Secret, string ProvisioningUri);
