namespace TransferPipeline.LowSide.Features.Status;

/// <summary>A request left gathering whose claim lapsed (or was never taken): the next sweep hands it to a live worker.</summary>
internal sealed record ExpiredClaim
{
    public string RequestId { get; init; } = "";

    public string? ClaimedBy { get; init; }

    public DateTimeOffset? ClaimExpiresUtc { get; init; }
}
