namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The events a daemon notifies, by name: the <c>event</c> member of a webhook's body and the values of
/// <c>Notifications:Events</c>. Each side raises its own (<see cref="LowSide"/>, <see cref="HighSide"/>); adding one is adding
/// it here, to the side's <see cref="INotificationMap"/> and to docs/notifications.md.
/// </summary>
public static class NotificationEvents
{
    public const string RequestSubmitted = "request.submitted";
    public const string RequestGathered = "request.gathered";
    public const string RequestFailed = "request.failed";
    public const string RequestShipped = "request.shipped";
    public const string RequestPublished = "request.published";
    public const string RequestCancelled = "request.cancelled";
    public const string BatchCut = "batch.cut";

    public const string BatchAwaitingApproval = "batch.awaiting-approval";
    public const string BatchRefused = "batch.refused";
    public const string BatchRejected = "batch.rejected";
    public const string BatchPublished = "batch.published";

    public static IReadOnlyList<string> LowSide { get; } =
        [RequestSubmitted, RequestGathered, RequestFailed, RequestCancelled, BatchCut, RequestShipped, RequestPublished];

    public static IReadOnlyList<string> HighSide { get; } = [BatchAwaitingApproval, BatchRefused, BatchRejected, BatchPublished];

    public static IReadOnlyList<string> All { get; } = [.. LowSide, .. HighSide];
}
