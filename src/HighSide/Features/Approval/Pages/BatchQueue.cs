using TransferPipeline.HighSide.Batches;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>
/// The console's queue: batches awaiting a decision (oldest first, they have waited longest), batches still on their
/// way (importing, approved, publishing), and the most recent ones that reached a final state (newest first).
/// </summary>
internal sealed record BatchQueue(IReadOnlyList<BatchSummary> Awaiting, IReadOnlyList<BatchSummary> InProgress, IReadOnlyList<BatchSummary> Recent)
{
    public const int RecentShown = 25;

    public static BatchQueue From(IReadOnlyList<BatchSummary> batches) => new(
        [.. batches.Where(b => NeedsOfficers(b.State)).OrderBy(b => b.ImportedUtc)],
        [.. batches.Where(b => !NeedsOfficers(b.State) && !BatchStates.Final.Contains(b.State)).OrderBy(b => b.ImportedUtc)],
        [.. batches.Where(b => BatchStates.Final.Contains(b.State)).OrderByDescending(b => b.ImportedUtc).Take(RecentShown)]);

    private static bool NeedsOfficers(string state) => state is BatchStates.AwaitingApproval or BatchStates.BlockedByScan;
}
