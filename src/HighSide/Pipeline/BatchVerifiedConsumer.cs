using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>Takes a verified batch through the gates.</summary>
internal sealed class BatchVerifiedConsumer(BatchPipeline pipeline) : IConsumer<BatchVerified>
{
    public Task Consume(ConsumeContext<BatchVerified> context) => pipeline.AdvanceAsync(context.Message.BatchId, context.CancellationToken);
}
