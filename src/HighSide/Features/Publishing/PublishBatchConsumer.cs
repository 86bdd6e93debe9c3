using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Features.Publishing;

internal sealed class PublishBatchConsumer(PublishService publisher, ILogger<PublishBatchConsumer> logger) : IConsumer<PublishBatch>
{
    public async Task Consume(ConsumeContext<PublishBatch> context)
    {
        var outcome = await publisher.PublishAsync(context.Message.BatchId, context.CancellationToken);
        if (!outcome.IsOk)
        {
            logger.LogWarning("Publishing {BatchId}: {Error}", context.Message.BatchId, outcome.Error);
        }
    }
}
