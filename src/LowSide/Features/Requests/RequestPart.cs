namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>An artifact another one needs, found while gathering it (an image a chart names) or added by the requester.</summary>
internal sealed record RequestPart(string Kind, string Source, string Origin);
