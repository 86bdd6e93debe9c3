namespace TransferPipeline.HighSide.Features.Trust;

/// <summary>A low-side site key the high side accepts batches from.</summary>
internal sealed record TrustedKeyRecord(string KeyId, string SiteId, string PublicKey, DateTimeOffset AddedUtc, DateTimeOffset? RevokedUtc)
{
    public bool IsRevoked => RevokedUtc is not null;
}
