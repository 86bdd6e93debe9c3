using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>How a batch's decisions stand right now: every approval's signature verified again against the officers.</summary>
internal sealed class ApprovalTally(BatchRepository batches, ApprovalRepository approvals, OfficerService officers,
    IOptions<ApprovalOptions> options, TimeProvider clock)
{
    public int Required => options.Value.Required;

    /// <summary>The approvals of a batch as they count right now.</summary>
    public async Task<IReadOnlyList<ApprovalVerdict>> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var registry = await officers.ListAsync(cancellationToken);
        var artifacts = await batches.ArtifactsAsync(batch.Id, cancellationToken);
        var stored = await approvals.ForBatchAsync(batch.Id, cancellationToken);
        return ApprovalEvaluator.Evaluate(batch, artifacts, stored, registry, clock.GetUtcNow(), options.Value.Validity);
    }

    public async Task<IReadOnlyList<ApprovalRecord>> RejectionsAsync(string batchId, CancellationToken cancellationToken) =>
        [.. (await approvals.ForBatchAsync(batchId, cancellationToken)).Where(a => a.Decision == Decisions.Reject)];
}
