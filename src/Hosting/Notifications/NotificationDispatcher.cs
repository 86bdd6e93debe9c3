using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// Follows the side's audit log in the daemon and notifies what the side's <see cref="INotificationMap"/> makes of each new
/// entry: one log line each, and a POST to every webhook whose events filter lets it through. The log is the queue: an
/// operation only commits its entries (a CLI verb's too) and never waits for a receiver; entries are notified in order, at
/// least once, from the position in <see cref="NotificationCursor"/>. A webhook that fails after every attempt costs a
/// warning, never the pipeline: the cursor moves on, the database holds the truth.
/// </summary>
internal sealed class NotificationDispatcher(
    AuditLog log,
    INotificationMap map,
    NotificationCursor cursor,
    WebhookSenders webhooks,
    AuditCommitSignal commits,
    NotificationCounters counters,
    IOptions<SiteOptions> site,
    DataDirectory data,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int PageSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PauseAfterFault = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Notifications go to the log and {Webhooks}", webhooks.All.Count == 0
            ? "no webhook (Notifications:Webhooks is empty)"
            : string.Join(", ", webhooks.All.Select(w => w.Destination)));
        long? position = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                position ??= await StartingPositionAsync(stoppingToken);
                position = await CatchUpAsync(position.Value, stoppingToken);
                await commits.WaitAsync(PollInterval, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Never stops the daemon: the operations stand and their entries wait in the log.
                logger.LogWarning(ex, "Notifications paused for {Pause}: {Message}", PauseAfterFault, ex.Message);
                await Task.Delay(PauseAfterFault, stoppingToken);
            }
        }
    }

    private async Task<long> StartingPositionAsync(CancellationToken cancellationToken)
    {
        var head = (await log.HeadAsync("notifications", cancellationToken))?.Sequence ?? 0;
        var kept = await cursor.ReadAsync(cancellationToken);
        if (kept is { } position && position <= head)
        {
            return position;
        }

        // No cursor (its row was removed), or one beyond the log (a database restored from an older copy).
        logger.LogWarning("The notification cursor is at {Kept}, the audit log's newest entry is {Head}: notifications carry on after {Head}",
            kept, head, head);
        await cursor.WriteAsync(head, cancellationToken);
        return head;
    }

    private async Task<long> CatchUpAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = new List<AuditEntry>(PageSize);
            await foreach (var entry in log.ReadAsync(position, cancellationToken))
            {
                page.Add(entry);
                if (page.Count == PageSize)
                {
                    break;
                }
            }

            if (page.Count == 0)
            {
                return position;
            }

            foreach (var entry in page)
            {
                await NotifyAsync(entry, cancellationToken);
                position = entry.Sequence;
                // Not cancelled by a stopping daemon: what went out must not go out again after the restart.
                await cursor.WriteAsync(position, CancellationToken.None);
            }
        }
    }

    private async Task NotifyAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var position = 0;
        foreach (var notification in map.Map(entry))
        {
            var payload = WebhookPayload.From(notification, position++, entry, data.Side.Name, site.Value.Id);
            logger.LogInformation("Notification {Event} {Subject}: {Text}", payload.Event, payload.Subject, payload.Text);
            await Task.WhenAll(webhooks.All.Where(w => w.Webhook.Sends(payload.Event)).Select(w => DeliverAsync(w, payload, cancellationToken)));
        }
    }

    private async Task DeliverAsync(WebhookSender webhook, WebhookPayload payload, CancellationToken cancellationToken)
    {
        var failure = await webhook.SendAsync(payload, cancellationToken);
        if (failure is null)
        {
            counters.Delivered();
            return;
        }

        logger.LogWarning("Notification {Id} ({Event} {Subject}) was not delivered to {Webhook}: {Failure} ({Failed} not delivered since start)",
            payload.Id, payload.Event, payload.Subject, webhook.Destination, failure, counters.Failed());
    }
}
