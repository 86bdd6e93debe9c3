namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>A WebAuthn credential registered to an account: its COSE public key and the last signature counter it reported.</summary>
internal sealed record SecurityKeyRecord(byte[] CredentialId, string Account, byte[] PublicKey, uint SignCount, byte[] UserHandle,
    DateTimeOffset CreatedUtc);
