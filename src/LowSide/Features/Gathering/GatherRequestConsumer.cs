using MassTransit;
using TransferPipeline.LowSide.Contracts;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>Wakes the gatherer for one request; the service decides (idempotently) what is left to do.</summary>
internal sealed class GatherRequestConsumer(GatherService gatherer) : IConsumer<GatherRequest>
{
    public Task Consume(ConsumeContext<GatherRequest> context) =>
        gatherer.GatherAsync(context.Message.RequestId, context.CancellationToken);
}
