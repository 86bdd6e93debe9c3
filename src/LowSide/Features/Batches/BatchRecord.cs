namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>A batch as recorded: its identity, state, where it was written and what it carried.</summary>
internal sealed record BatchRecord
{
    public string Id { get; init; } = "";
    public long Sequence { get; init; }
    public string Status { get; init; } = "";
    public string MediaDirectory { get; init; } = "";
    public long VolumeSize { get; init; }
    public long? VolumeCount { get; init; }
    public long? PayloadBytes { get; init; }
    public string? ManifestSha256 { get; init; }
    public string? Failure { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? ShippedUtc { get; init; }
    public IReadOnlyList<string> RequestIds { get; init; } = [];
}
