using Quartz;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>The scheduled cut (Batches:Schedule): batches until nothing waits; failures are logged, never thrown.</summary>
[DisallowConcurrentExecution]
internal sealed class CutBatchJob(BatchCutService cutter, BatchRepository batches, ILogger<CutBatchJob> logger) : IJob
{
    public const string Name = "cut-batch";

    // Requests beyond one batch's blob budget go into further batches at once rather than waiting for
    // the next trigger; bounded, so a fault that keeps every cut "successful" cannot spin forever.
    private const int MaxBatchesPerTrigger = 100;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            for (var cut = 0; cut < MaxBatchesPerTrigger; cut++)
            {
                var outcome = await cutter.CutAsync(null, null, cancellationToken);
                if (outcome.IsOk)
                {
                    logger.LogInformation("Scheduled cut wrote batch {BatchId}", outcome.Value!.Id);
                    if (await batches.CountWaitingAsync(cancellationToken) > 0)
                    {
                        continue;
                    }
                }
                else if (outcome.Error!.Code == LowSideReasons.NothingToShip)
                {
                    logger.LogInformation("Scheduled cut: nothing to ship");
                }
                else
                {
                    logger.LogError("Scheduled cut refused ({Code}): {Reason}", outcome.Error.Code, outcome.Error.Message);
                }

                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scheduled cut failed");
        }
    }
}
