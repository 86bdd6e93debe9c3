using System.Globalization;
using System.Text.Json;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The JSON body of a webhook POST, documented in docs/notifications.md for those who build receivers: members are only ever
/// added, never renamed or removed. Every member is present; those that do not apply are null.
/// </summary>
/// <param name="Id">Stable across retries and restarts (side, site, audit sequence, position): a receiver drops one it has seen.</param>
/// <param name="Event">One of <see cref="NotificationEvents"/>.</param>
/// <param name="Side"><c>lowside</c> or <c>highside</c>.</param>
/// <param name="Site">The side's Site:Id.</param>
/// <param name="Subject">The request id or batch id.</param>
/// <param name="Batch">The batch a request shipped in, or the batch a refused copy belongs to.</param>
/// <param name="BatchSequence">The low side's sequence number of that batch, where known.</param>
/// <param name="State">The subject's state after the event.</param>
/// <param name="Reason">The reason code of a failure, refusal or rejection.</param>
/// <param name="Message">That reason in words.</param>
/// <param name="OccurredUtc">When the audit entry was recorded.</param>
/// <param name="Sequence">The audit entry's sequence number on this side (`audit show`).</param>
/// <param name="Text">One printable line for a chat window.</param>
internal sealed record WebhookPayload(
    string Id,
    string Event,
    string Side,
    string Site,
    string Subject,
    string? Batch,
    long? BatchSequence,
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

    // position: which of the entry's notifications this is, from 0 (one entry may raise several).
    public static WebhookPayload From(Notification notification, int position, AuditEntry entry, string side, string site)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(entry);
        return new WebhookPayload(
            string.Create(CultureInfo.InvariantCulture, $"{side}:{site}:{entry.Sequence}:{position}"),
            notification.Event,
            side,
            site,
            notification.Subject,
            Bounded(notification.Batch, MaxIdLength),
            notification.BatchSequence,
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
