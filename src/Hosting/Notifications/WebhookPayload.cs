using System.Text.Json;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The JSON body of a webhook POST, documented in docs/operations.md ("Notifications") for those who build receivers:
/// members are only ever added, never renamed or removed. Every member is present; those that do not apply are null.
/// </summary>
/// <param name="Event">One of <see cref="NotificationEvents"/>.</param>
/// <param name="Side"><c>lowside</c> or <c>highside</c>.</param>
/// <param name="Site">The side's Site:Id.</param>
/// <param name="Subject">The request id or batch id.</param>
/// <param name="Batch">The batch a request shipped in, or the batch a refused copy belongs to.</param>
/// <param name="State">The subject's state after the event.</param>
/// <param name="Reason">The reason code of a failure, refusal or rejection.</param>
/// <param name="Message">That reason in words.</param>
/// <param name="OccurredUtc">When the audit entry was recorded.</param>
/// <param name="Sequence">The audit entry's sequence number on this side: with event and subject, identifies a notification.</param>
/// <param name="Text">One printable line for a chat window.</param>
internal sealed record WebhookPayload(
    string Event,
    string Side,
    string Site,
    string Subject,
    string? Batch,
    string State,
    string? Reason,
    string? Message,
    DateTime OccurredUtc,
    long Sequence,
    string Text)
{
    private const int MaxTextLength = 300;
    private const int MaxIdLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookPayload From(Notification notification, AuditEntry entry, string side, string site)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(entry);
        return new WebhookPayload(
            notification.Event,
            side,
            site,
            notification.Subject,
            Bounded(notification.Batch, MaxIdLength),
            notification.State,
            Bounded(notification.Reason, MaxIdLength),
            Bounded(notification.Message, MaxTextLength),
            entry.Timestamp.UtcDateTime,
            entry.Sequence,
            DisplayText.Printable($"{side} {site}: {notification.Text}", MaxTextLength));
    }

    // Details may hold what came in from outside (a refused volume's names): printable and bounded, like the audit trail's text.
    private static string? Bounded(string? text, int maxLength) => text is null ? null : DisplayText.Printable(text, maxLength);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}
