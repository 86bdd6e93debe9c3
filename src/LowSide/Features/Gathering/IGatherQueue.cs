namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>Wakes the gatherer for a request. The database holds the work; this only signals it.</summary>
internal interface IGatherQueue
{
    Task EnqueueAsync(string requestId, CancellationToken ct);
}
