using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>Notifications are the daemon's: CLI verbs only record their audit entries, and the daemon notifies them.</summary>
public static class NotificationsRegistration
{
    /// <summary>The <c>Notifications</c> options (validated at start), the side's map, and the dispatcher that follows the audit log.</summary>
    public static DaemonBuilder AddNotifications<TMap>(this DaemonBuilder daemon)
        where TMap : class, INotificationMap
    {
        ArgumentNullException.ThrowIfNull(daemon);
        daemon.Services.AddNotifications<TMap>(daemon.Configuration);
        return daemon;
    }

    /// <summary>The same on a bare service collection that holds the side's core services (a test's harness).</summary>
    public static IServiceCollection AddNotifications<TMap>(this IServiceCollection services, IConfiguration configuration)
        where TMap : class, INotificationMap
    {
        services.AddMetrics();
        services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.Section);
        services.AddSingleton<INotificationMap, TMap>();
        services.AddSingleton<NotificationCursor>();
        services.AddSingleton<NotificationCounters>();
        services.AddSingleton<WebhookSenders>();
        services.AddSingleton<AuditCommitSignal>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditCommitSignal>());
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}
