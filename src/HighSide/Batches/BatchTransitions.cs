using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Batches;

/// <summary>
/// Moves a batch to another state as one audited unit of work (state and audit entry commit together),
/// then runs the signal that wakes the next step. A refused or rejected batch never moves again.
/// </summary>
internal sealed class BatchTransitions(AuditTrail audit, TimeProvider clock, ILogger<BatchTransitions> logger)
{
    public async Task MoveAsync(string id, string state, string action, CancellationToken cancellationToken, Failure? reason = null,
        string? waitingFor = null, Func<CancellationToken, Task>? signal = null)
    {
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await BatchRepository.SetStateAsync(unit.Connection, unit.Transaction, id, state, reason?.Code, reason?.Message, waitingFor,
                clock.GetUtcNow(), cancellationToken);
            await unit.RecordAsync(AuditTrail.System, action, id, new { state, reason = reason?.Code, message = reason?.Message, waitingFor },
                cancellationToken);
            if (signal is not null)
            {
                unit.OnCommitted(signal);
            }

            await unit.CommitAsync(cancellationToken);
        }

        if (reason is null)
        {
            logger.LogInformation("Batch {BatchId} is now {State}", id, state);
        }
        else
        {
            logger.LogWarning("Batch {BatchId} is now {State} [{Reason}]: {Message}", id, state, reason.Code, reason.Message);
        }
    }
}
