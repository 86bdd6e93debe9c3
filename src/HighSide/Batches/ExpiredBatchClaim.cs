namespace TransferPipeline.HighSide.Batches;

/// <summary>A batch left under a claim that lapsed (its worker died): the next sweep hands it to a live worker.</summary>
internal sealed record ExpiredBatchClaim
{
    public string BatchId { get; init; } = "";

    public string State { get; init; } = "";

    public string? ClaimedBy { get; init; }

    public DateTimeOffset? ClaimExpiresUtc { get; init; }
}
