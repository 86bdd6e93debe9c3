using TransferPipeline.HighSide.Features.Scanning;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// Everything an officer needs to decide on a batch, including the publish plan derived from the signed
/// manifest (what officers sign) and, when decisions cannot be checked now (no roster in force, a manifest
/// that no longer verifies), why. <see cref="ScanStatement"/> is what a statement approving it now names as its scan.
/// </summary>
internal sealed record BatchDetail(
    BatchSummary Batch,
    string? ManifestSha256,
    string? KeyId,
    DateTimeOffset? CreatedUtc,
    DateTimeOffset? ExpiresUtc,
    string? Reason,
    IReadOnlyList<ArtifactDetail> Artifacts,
    IReadOnlyList<ApprovalDetail> Approvals,
    int ApprovalsCounted,
    int ApprovalsRequired,
    IReadOnlyList<string> PublishPlan,
    string? PublishPlanSha256,
    string? Unavailable,
    ScanReport? Scan,
    string ScanStatement);
