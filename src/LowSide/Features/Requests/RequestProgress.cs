namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// Where a request got beyond its own state: the batch that shipped it and whether the high side holds every
/// blob of it, as the receipts imported from there say.
/// </summary>
internal sealed record RequestProgress(string RequestId, long? ShippedInBatch, bool OnHighSide);
