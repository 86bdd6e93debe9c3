namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// Who uploaded a decision over HTTP: the signed-in account (for the audit trail) and the roster officer it is. The
/// decision's signature must be that officer's. None on the host's CLI, where the operator carries officers' signatures.
/// </summary>
internal sealed record DecisionSubmitter(string Actor, string? Officer);
