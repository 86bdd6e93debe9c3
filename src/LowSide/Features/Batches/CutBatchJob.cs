using Quartz;
using TransferPipeline.LowSide.Errors;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>The scheduled cut (Batches:Schedule): one call into the cut service; failures are logged, never thrown.</summary>
[DisallowConcurrentExecution]
internal sealed class CutBatchJob(BatchCutService cutter, ILogger<CutBatchJob> logger) : IJob
{
    public static readonly JobKey Key = new("cut-batch");
    public const string TriggerName = "cut-batch-schedule";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await cutter.CutAsync(null, null, cancellationToken);
            if (outcome.IsSuccess)
            {
                logger.LogInformation("Scheduled cut wrote batch {BatchId}", outcome.Value!.Id);
            }
            else if (outcome.Error!.Code == LowSideError.NothingToShip)
            {
                logger.LogInformation("Scheduled cut: nothing to ship");
            }
            else
            {
                logger.LogError("Scheduled cut refused ({Code}): {Reason}", outcome.Error.Code, outcome.Error.Message);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scheduled cut failed");
        }
    }
}
