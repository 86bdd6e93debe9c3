using Microsoft.Extensions.Logging;
using Quartz;

namespace TransferPipeline.Hosting.Workers;

/// <summary>Vetoes every scheduled job while this process does not hold the scheduler lease.</summary>
internal sealed class SchedulerLeaseVeto(SchedulerLeaseKeeper keeper, ILogger<SchedulerLeaseVeto> logger) : ITriggerListener
{
    public string Name => "scheduler-lease";

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (keeper.IsHeld)
        {
            return ValueTask.FromResult(false);
        }

        logger.LogInformation("Skipping {Trigger}: another process holds the scheduler lease", trigger.Key.Name);
        return ValueTask.FromResult(true);
    }

    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask TriggerComplete(
        ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
