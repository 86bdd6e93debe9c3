using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// How a batch's approvals stand: each one's verdict, how many distinct officers the roster in force
/// requires, and, when decisions cannot be checked at all (no roster, no plan), why.
/// </summary>
internal sealed record ApprovalTallyResult(IReadOnlyList<ApprovalVerdict> Verdicts, int Required, Failure? Unavailable)
{
    public int Counted => Verdicts.Count(v => v.Counts);

    public bool Enough => Unavailable is null && Counted >= Required;
}
