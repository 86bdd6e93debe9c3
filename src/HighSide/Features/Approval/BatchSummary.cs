namespace TransferPipeline.HighSide.Features.Approval;

internal sealed record BatchSummary(string Id, string? SiteId, long? Sequence, string State, string? ReasonCode, long VolumeCount, long PayloadBytes,
    int Artifacts, DateTimeOffset ImportedUtc, string? WaitingFor);
