using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>A decision whose signature and statement checked out: who made it (by their raw key) and what they signed.</summary>
internal sealed record CheckedDecision(RosterOfficer Officer, string KeyId, ApprovalStatement Statement);
