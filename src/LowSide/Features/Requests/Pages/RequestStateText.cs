namespace TransferPipeline.LowSide.Features.Requests.Pages;

/// <summary>How My requests words a request's state, from filed to published on the high side, and the badge it wears.</summary>
internal static class RequestStateText
{
    public static (string Text, string Tone) Of(ArtifactRequest request, RequestProgress? progress) => request.Status switch
    {
        RequestStatus.Shipped when progress?.OnHighSide == true => ("published on the high side", "good"),
        RequestStatus.Shipped when progress?.ShippedInBatch is { } sequence => ($"shipped in batch {sequence}", "good"),
        RequestStatus.Shipped => ("shipped", "good"),
        RequestStatus.Gathered => ("gathered, waiting for the next batch", ""),
        RequestStatus.Gathering => ("gathering", "warn"),
        RequestStatus.Submitted => ("submitted", ""),
        RequestStatus.Failed => ("failed: " + request.Failure, "bad"),
        RequestStatus.Cancelled => ("cancelled", "bad"),
        _ => (request.Status, ""),
    };
}
