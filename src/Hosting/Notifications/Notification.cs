namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// Something a side tells the site about, made by the side's <see cref="INotificationMap"/> from one committed audit entry.
/// </summary>
/// <param name="Event">One of <see cref="NotificationEvents"/>.</param>
/// <param name="Subject">The request id or the batch id it concerns.</param>
/// <param name="State">The subject's state after the event, as `request list` or `batch list` show it.</param>
/// <param name="Text">One line for people, e.g. <c>Batch site-a-000042 awaits approval: 0 of 2 approvals</c>.</param>
public sealed record Notification(string Event, string Subject, string State, string Text)
{
    /// <summary>The batch, where the subject is a request (the batch it shipped in) or a refused copy of a batch.</summary>
    public string? Batch { get; init; }

    /// <summary>The low side's sequence number of <see cref="Batch"/> (or of the subject batch), where the audit entry names it.</summary>
    public long? BatchSequence { get; init; }

    /// <summary>For a failure, refusal or rejection: its reason code, e.g. <c>hash-mismatch</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>For a failure, refusal or rejection: the reason in words.</summary>
    public string? Message { get; init; }
}
