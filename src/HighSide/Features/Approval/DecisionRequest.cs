namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>An officer's decision as submitted: the exact statement they signed and their minisign signature over it.</summary>
internal sealed record DecisionRequest(string BatchId, string Decision, string Statement, string Signature, DecisionSubmitter? SubmittedBy = null);
