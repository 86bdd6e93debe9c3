namespace TransferPipeline.HighSide.Features.Approval;

internal sealed record ApprovalDetail(
    string Decision,
    string Officer,
    string KeyId,
    DateTimeOffset RecordedUtc,
    string? Reason,
    bool Counts,
    string? DiscountedBecause);
