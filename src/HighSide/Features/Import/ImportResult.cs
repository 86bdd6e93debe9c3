namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// What happened to one imported volume. <see cref="AlreadyImported"/>: the volume was in quarantine already and was skipped;
/// <see cref="State"/> is then its batch's state. <see cref="Unreadable"/>: regions of the media that never read.
/// </summary>
internal sealed record ImportResult(string Id, string? BatchId, string State, string? ReasonCode, string Message)
{
    public bool AlreadyImported { get; init; }

    public IReadOnlyList<UnreadableRegion> Unreadable { get; init; } = [];

    public bool IsRefused => State == Batches.BatchStates.Refused && !AlreadyImported;
}
