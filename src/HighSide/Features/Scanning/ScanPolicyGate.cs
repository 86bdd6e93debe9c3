using System.Globalization;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Findings at or above the policy's severity as a gate: the batch waits in `blocked-by-scan` until as many officers as
/// the roster requires have approved with statements that waive every blocking finding by its id (a waiver counts only
/// for the findings it names), or one officer rejects it.
/// </summary>
internal sealed class ScanPolicyGate(ScanPolicy policy, ActiveScannerData data, ApprovalTally tally) : IBatchGate
{
    public string Name => "scan-policy";

    public string HoldState => BatchStates.BlockedByScan;

    public string RefusedState => BatchStates.Rejected;

    public async Task<GateVerdict> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (!await data.ScanningOnAsync(cancellationToken))
        {
            return GateVerdict.Pass;
        }

        var blocking = await policy.BlockingAsync(batch.Id, cancellationToken);
        if (blocking.Count == 0)
        {
            return GateVerdict.Pass;
        }

        var rejections = await tally.RejectionsAsync(batch.Id, cancellationToken);
        if (rejections.Count > 0)
        {
            return GateVerdict.Refuse(new Failure(ApprovalGate.RejectedByOfficer, rejections[0].Reason ?? $"rejected by {rejections[0].Officer}"));
        }

        var ids = blocking.Select(f => f.Finding.Id).ToHashSet(StringComparer.Ordinal);
        var result = await tally.EvaluateAsync(batch, cancellationToken);
        var waiving = result.Verdicts.Count(v => v.Counts && Waives(v.Approval, ids));
        return waiving >= result.Required && result.Unavailable is null
            ? GateVerdict.Pass
            : GateVerdict.Hold(string.Create(CultureInfo.InvariantCulture,
                $"{ids.Count} finding(s) at or above {policy.BlockAt} ({ScanReasons.BlockedByScan}): waived by {waiving} of {result.Required} officers"));
    }

    private static bool Waives(ApprovalRecord approval, HashSet<string> ids)
    {
        if (approval.Statement is null)
        {
            return false;
        }

        try
        {
            return ids.IsSubsetOf(ApprovalStatement.Parse(approval.Statement).Waivers);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
