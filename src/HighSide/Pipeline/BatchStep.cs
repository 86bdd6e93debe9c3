using TransferPipeline.HighSide.Batches;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>
/// One step of a batch's way through the high side: the states a batch is in while the step has it,
/// the arrows out of them, and how the step picks a batch up again after a restart.
/// </summary>
internal sealed record BatchStep(
    string Name,
    string Description,
    IReadOnlyList<string> States,
    IReadOnlyList<BatchTransition> Transitions,
    Func<BatchRecord, CancellationToken, Task>? ResumeAsync);
