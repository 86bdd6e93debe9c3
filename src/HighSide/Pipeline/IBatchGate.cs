using TransferPipeline.HighSide.Batches;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>
/// A check a verified batch must pass before it may be published: the officers' approval today; a
/// scanner or a policy tomorrow. A gate is a class registered with <c>AddBatchGate</c>; the pipeline runs
/// the gates in registration order, and recovery and the state diagram follow from the same list.
/// Evaluating must be idempotent and cheap enough to repeat: the pipeline re-evaluates every gate
/// whenever a batch moves, so a gate that passed once is checked again (a withdrawn approval counts).
/// </summary>
internal interface IBatchGate
{
    /// <summary>The gate's name in logs, audit entries and the state diagram, e.g. "approval".</summary>
    string Name { get; }

    /// <summary>The state a batch rests in while this gate holds it, e.g. "awaiting-approval".</summary>
    string HoldState { get; }

    /// <summary>The final state of a batch this gate refuses (refused or rejected).</summary>
    string RefusedState { get; }

    Task<GateVerdict> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken);
}
