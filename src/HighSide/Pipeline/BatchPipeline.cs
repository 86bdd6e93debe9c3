using TransferPipeline.HighSide.Batches;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>
/// Takes a verified batch through the gates, in order, as far as they let it: to the first gate that
/// holds it, to the final state of a gate that refuses it, or, when every gate passes, to `approved`
/// (and the publisher is signalled). Every gate is evaluated again each time, so an approved batch that
/// is no longer cleared (a rejection came in) is stopped before it is published.
/// </summary>
internal sealed class BatchPipeline(IEnumerable<IBatchGate> gates, BatchRepository batches, BatchTransitions transitions, IBatchSignals signals)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public IReadOnlyList<IBatchGate> Gates { get; } = [.. gates];

    /// <summary>The states in which the pipeline has a batch: verified, a gate's hold state, or approved.</summary>
    public IReadOnlyList<string> States => [BatchStates.Verified, .. Gates.Select(g => g.HoldState), BatchStates.Approved];

    public async Task<BatchRecord?> AdvanceAsync(string id, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            var batch = await batches.FindAsync(id, cancellationToken);
            if (batch is null || !States.Contains(batch.State))
            {
                return batch;
            }

            foreach (var gate in Gates)
            {
                var verdict = await gate.EvaluateAsync(batch, cancellationToken);
                if (verdict.Decision == GateDecision.Refuse)
                {
                    await transitions.MoveAsync(id, gate.RefusedState, $"gate.{gate.Name}.refused", cancellationToken, verdict.Reason);
                    return await batches.FindAsync(id, cancellationToken);
                }

                if (verdict.Decision == GateDecision.Hold)
                {
                    if (batch.State != gate.HoldState || batch.WaitingFor != verdict.WaitingFor)
                    {
                        await transitions.MoveAsync(id, gate.HoldState, $"batch.{gate.HoldState}", cancellationToken, waitingFor: verdict.WaitingFor);
                    }

                    return await batches.FindAsync(id, cancellationToken);
                }
            }

            if (batch.State != BatchStates.Approved)
            {
                await transitions.MoveAsync(id, BatchStates.Approved, "batch.approved", cancellationToken,
                    signal: ct => signals.BatchClearedAsync(id, ct));
            }

            return await batches.FindAsync(id, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
