namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>Everything an officer needs to decide on a batch.</summary>
internal sealed record BatchDetail(BatchSummary Batch, string? ManifestSha256, string? KeyId, DateTimeOffset? CreatedUtc, DateTimeOffset? ExpiresUtc,
    string? Reason, IReadOnlyList<ArtifactDetail> Artifacts, IReadOnlyList<ApprovalDetail> Approvals, int ApprovalsCounted, int ApprovalsRequired);
