using TransferPipeline.Hosting.Notifications;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.LowSide.Features.Notifications;

/// <summary>
/// What the low side notifies: a request filed, gathered, failed or cancelled; a batch cut, which also ships each of its
/// requests; and each request an imported receipt shows published on the high side. Read off the audit entries the features
/// record (RequestService, GatherService, BatchCutService, InterruptedBatchRecovery for a cut finished after a crash, and
/// ReceiptImportService).
/// </summary>
internal sealed class LowSideNotificationMap : INotificationMap
{
    // Not a status of the low side's requests (they stay shipped): where a receipt shows the request stands.
    private const string PublishedState = "published";

    public IReadOnlyList<string> Events => NotificationEvents.LowSide;

    public IEnumerable<Notification> Map(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var details = AuditDetails.Of(entry);
        var id = entry.Subject;
        return entry.Action switch
        {
            "request.submitted" =>
            [
                new(NotificationEvents.RequestSubmitted, id, RequestStatus.Submitted,
                    $"Request {id} submitted by {entry.Actor}: {details.Text("kind")} {details.Text("source")}"),
            ],
            "request.gathered" =>
            [
                new(NotificationEvents.RequestGathered, id, RequestStatus.Gathered,
                    $"Request {id} gathered: {details.Number("blobs")} blob(s), {ByteSize.Format(details.Number("bytes") ?? 0)}"),
            ],
            "request.failed" =>
            [
                new(NotificationEvents.RequestFailed, id, RequestStatus.Failed, $"Request {id} failed: {details.Text("reason")}")
                {
                    Reason = LowSideReasons.GatherFailed,
                    Message = details.Text("reason"),
                },
            ],
            "request.cancelled" =>
            [
                new(NotificationEvents.RequestCancelled, id, RequestStatus.Cancelled, $"Request {id} cancelled by {entry.Actor}"),
            ],
            "batch.shipped" => Shipped(id, details),
            "receipt.imported" => details.Texts("published").Select(request => new Notification(NotificationEvents.RequestPublished, request,
                PublishedState, $"Request {request} published on the high side {details.Text("highSite")} (receipt imported)")),
            _ => [],
        };
    }

    private static IEnumerable<Notification> Shipped(string batchId, AuditDetails details)
    {
        var requests = details.Texts("requests");
        var volumes = details.Number("volumes");
        var sequence = details.Number("sequence");
        var size = ByteSize.Format(details.Number("payloadBytes") ?? 0);
        yield return new Notification(NotificationEvents.BatchCut, batchId, BatchStatus.Shipped,
            $"Batch {batchId} cut: {requests.Count} request(s) in {volumes} volume(s), {size}, ready to carry across")
        {
            BatchSequence = sequence,
        };
        foreach (var request in requests)
        {
            yield return new Notification(NotificationEvents.RequestShipped, request, RequestStatus.Shipped, $"Request {request} shipped in batch {batchId}")
            {
                Batch = batchId,
                BatchSequence = sequence,
            };
        }
    }
}
