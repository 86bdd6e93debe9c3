namespace TransferPipeline.LowSide.Features.Users;

/// <summary>A personal API token: only its SHA-256 is kept; the token itself is shown once, when it is created.</summary>
internal sealed record ApiTokenRecord(string Id, string UserName, DateTimeOffset CreatedUtc, DateTimeOffset ExpiresUtc, DateTimeOffset? RevokedUtc)
{
    public bool IsUsableAt(DateTimeOffset now) => RevokedUtc is null && now < ExpiresUtc;
}
