using MassTransit;
using TransferPipeline.LowSide.Contracts;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>In the daemon: a new request wakes the gather consumer through the bus.</summary>
internal sealed class BusGatherQueue(IBus bus) : IGatherQueue
{
    public Task EnqueueAsync(string requestId, CancellationToken ct) => bus.Publish(new GatherRequest(requestId), ct);
}
