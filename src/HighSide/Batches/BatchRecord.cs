namespace TransferPipeline.HighSide.Batches;

/// <summary>A batch in quarantine. <see cref="Id"/> names its quarantine folder; <see cref="BatchId"/> is the manifest's.</summary>
internal sealed record BatchRecord
{
    public required string Id { get; init; }
    public string? BatchId { get; init; }
    public string? SiteId { get; init; }
    public long? Sequence { get; init; }
    public required string State { get; init; }
    public string? ReasonCode { get; init; }
    public string? Reason { get; init; }
    public string? ManifestSha256 { get; init; }
    public string? KeyId { get; init; }
    public long VolumeCount { get; init; }
    public long PayloadBytes { get; init; }
    public DateTimeOffset? CreatedUtc { get; init; }
    public DateTimeOffset? ExpiresUtc { get; init; }
    public DateTimeOffset ImportedUtc { get; init; }
    public DateTimeOffset UpdatedUtc { get; init; }
    /// <summary>For assembling or waiting-for-blobs batches: what is still missing, for the operator.</summary>
    public string? WaitingFor { get; init; }
}
