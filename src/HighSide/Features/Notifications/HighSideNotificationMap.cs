using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Notifications;

/// <summary>
/// What the high side notifies: a batch that awaits approval (again, when approvals came in or fell short), one that was
/// refused or rejected, and one that was published. Read off the audit entries of <see cref="BatchTransitions"/> and of
/// the import and publish services, by the state the batch ends in, so a gate added later notifies its refusals too.
/// </summary>
internal sealed class HighSideNotificationMap : INotificationMap
{
    public IReadOnlyList<string> Events => NotificationEvents.HighSide;

    public IEnumerable<Notification> Map(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var details = AuditDetails.Of(entry);
        var state = entry.Action switch
        {
            "batch.published" => BatchStates.Published,
            // A refused import records no state: its batch record is created refused.
            "batch.refused" => BatchStates.Refused,
            _ when entry.Action.StartsWith("gate.", StringComparison.Ordinal)
                || entry.Action is "batch.awaiting-approval" or "batch.blocked-by-scan" or "publish.stopped" => details.Text("state"),
            _ => null,
        };
        return state is null ? [] : ForState(entry, state, details);
    }

    private static IEnumerable<Notification> ForState(AuditEntry entry, string state, AuditDetails details)
    {
        var id = entry.Subject;
        var reason = details.Text("reason");
        var message = details.Text("message");
        Notification? notification = state switch
        {
            BatchStates.AwaitingApproval when reason is null =>
                new(NotificationEvents.BatchAwaitingApproval, id, state, $"Batch {id} awaits approval: {details.Text("waitingFor")}"),
            BatchStates.AwaitingApproval =>
                new(NotificationEvents.BatchAwaitingApproval, id, state, $"Batch {id} awaits approval again: {message} [{reason}]"),
            BatchStates.BlockedByScan => new(NotificationEvents.BatchAwaitingApproval, id, state,
                $"Batch {id} is blocked by its scan until officers waive the findings: {details.Text("waitingFor")}"),
            BatchStates.Refused => new(NotificationEvents.BatchRefused, id, state, $"Batch {details.Text("batch") ?? id} refused: {message} [{reason}]")
            {
                Batch = details.Text("batch"),
                BatchSequence = details.Number("sequence"),
            },
            BatchStates.Rejected => new(NotificationEvents.BatchRejected, id, state, $"Batch {id} rejected: {message} [{reason}]"),
            BatchStates.Published =>
                new(NotificationEvents.BatchPublished, id, state, $"Batch {id} published: {details.Number("artifacts")} artifact(s)"),
            _ => null,
        };
        return notification is null ? [] : [notification with { Reason = reason, Message = message }];
    }
}
