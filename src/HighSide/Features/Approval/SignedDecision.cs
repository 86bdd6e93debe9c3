using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// A statement whose text parsed and whose signature verified under the roster in force: who signed it (by raw key),
/// what they signed, and the SHA-256 of its plan, taken once because a large plan makes it costly.
/// </summary>
internal sealed record SignedDecision(RosterOfficer Officer, string KeyId, ApprovalStatement Statement, string PublishPlanSha256);
