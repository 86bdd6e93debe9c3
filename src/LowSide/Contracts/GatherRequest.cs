namespace TransferPipeline.LowSide.Contracts;

/// <summary>Command: gather the request with this id. Carries no state; the database holds the request.</summary>
public sealed record GatherRequest(string RequestId);
