namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>A registered security officer and the public key that identifies their approvals.</summary>
internal sealed record OfficerRecord(string Name, string KeyId, string PublicKey, DateTimeOffset AddedUtc, DateTimeOffset? DisabledUtc)
{
    public bool IsActive => DisabledUtc is null;
}
