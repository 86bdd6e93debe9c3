namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>For the CLI: nothing is woken; `lowside gather` (or the daemon at start) picks submitted requests up.</summary>
internal sealed class ManualGatherQueue : IGatherQueue
{
    public Task EnqueueAsync(string requestId, CancellationToken ct) => Task.CompletedTask;
}
