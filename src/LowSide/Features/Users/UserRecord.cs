namespace TransferPipeline.LowSide.Features.Users;

/// <summary>A local user of the low side (for API tokens); people from the identity provider need no record.</summary>
internal sealed record UserRecord(string Name, string Role, DateTimeOffset CreatedUtc, DateTimeOffset? DisabledUtc)
{
    public bool IsActive => DisabledUtc is null;
}
