using System.Globalization;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>The two-person rule as a gate: held until enough distinct officers approved; one rejection ends the batch.</summary>
internal sealed class ApprovalGate(ApprovalTally tally) : IBatchGate
{
    public const string RejectedByOfficer = "rejected-by-officer";

    public string Name => "approval";

    public string HoldState => BatchStates.AwaitingApproval;

    public string RefusedState => BatchStates.Rejected;

    public async Task<GateVerdict> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var rejections = await tally.RejectionsAsync(batch.Id, cancellationToken);
        if (rejections.Count > 0)
        {
            var rejection = rejections[0];
            return GateVerdict.Refuse(new Failure(RejectedByOfficer, rejection.Reason ?? $"rejected by {rejection.Officer}"));
        }

        var result = await tally.EvaluateAsync(batch, cancellationToken);
        return result.Enough ? GateVerdict.Pass
            : result.Unavailable is { } unavailable ? GateVerdict.Hold(unavailable.Message)
            : GateVerdict.Hold(string.Create(CultureInfo.InvariantCulture, $"{result.Counted} of {result.Required} approvals"));
    }
}
