namespace TransferPipeline.HighSide.Features.Import;

/// <summary>What happened to one imported volume.</summary>
internal sealed record ImportResult(string Id, string? BatchId, string State, string? ReasonCode, string Message)
{
    public bool IsRefused => State == Batches.BatchStates.Refused;
}
