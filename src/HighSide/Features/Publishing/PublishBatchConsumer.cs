using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>Publishes the batch a message names; every message ends in one log line saying what became of it.</summary>
internal sealed class PublishBatchConsumer(PublishService publisher, ILogger<PublishBatchConsumer> logger) : IConsumer<PublishBatch>
{
    public async Task Consume(ConsumeContext<PublishBatch> context)
    {
        var id = context.Message.BatchId;
        var outcome = await publisher.PublishAsync(id, context.CancellationToken);
        if (outcome.Error is { Code: PublishReasons.ClaimedElsewhere })
        {
            // A duplicated or redelivered wake-up: the worker holding the claim publishes the batch.
            logger.LogInformation("Publishing {BatchId}: {Error}", id, outcome.Error.Message);
        }
        else if (!outcome.IsOk)
        {
            logger.LogWarning("Publishing {BatchId}: {Error}", id, outcome.Error);
        }
        else if (outcome.Value.AlreadyPublished)
        {
            logger.LogInformation("Publishing {BatchId}: already published; nothing to do", id);
        }
        else
        {
            logger.LogInformation("Publishing {BatchId}: {State}, {Published} artifact(s) published, {Skipped} already done", id,
                outcome.Value.State, outcome.Value.ArtifactsPublished, outcome.Value.ArtifactsSkipped);
        }
    }
}
