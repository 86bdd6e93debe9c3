using Quartz;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>The scheduled publish run: every approved (or interrupted) batch.</summary>
[DisallowConcurrentExecution]
internal sealed class PublishJob(PublishService publisher, ILogger<PublishJob> logger) : IJob
{
    public const string Name = "publish-approved";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var outcome in await publisher.PublishPendingAsync(cancellationToken))
        {
            if (outcome.Error is { Code: not PublishReasons.ClaimedElsewhere })
            {
                logger.LogWarning("Scheduled publish: {Error}", outcome.Error);
            }
        }
    }
}
