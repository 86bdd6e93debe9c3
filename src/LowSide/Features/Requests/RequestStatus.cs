namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// A request's life: submitted, gathering, gathered (in the store, waiting for a batch), shipped; or
/// failed / cancelled. Only the database holds it; messages merely wake the gatherer.
/// </summary>
internal static class RequestStatus
{
    public const string Submitted = "submitted";
    public const string Gathering = "gathering";
    public const string Gathered = "gathered";
    public const string Shipped = "shipped";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
