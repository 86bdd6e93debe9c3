using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// What a side notifies, read off its audit trail: every state change is recorded there once, so no feature has to remember
/// to notify, and an entry exists only once its transaction committed. Registered with
/// <c>AddNotifications&lt;TMap&gt;()</c> (<see cref="NotificationsRegistration"/>).
/// </summary>
public interface INotificationMap
{
    /// <summary>Every event <see cref="Map"/> can raise: the side's list in <see cref="NotificationEvents"/>.</summary>
    IReadOnlyList<string> Events { get; }

    /// <summary>The notifications one committed entry raises: none for most entries.</summary>
    IEnumerable<Notification> Map(AuditEntry entry);
}
