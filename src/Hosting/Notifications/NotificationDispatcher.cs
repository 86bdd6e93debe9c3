using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// Follows the side's audit log in the daemon and notifies what the side's <see cref="INotificationMap"/> makes of each new
/// entry: one log line each, and a POST to Notifications:Webhook when it is set. The log is the queue: an operation only
/// commits its entries (a CLI verb's too) and never waits for a receiver; entries are notified in order, at least once,
/// from the position in <see cref="NotificationCursor"/>. A backlog of more than <see cref="MaxBacklog"/> entries (a daemon
/// that was down for long, a receiver that hangs) is cut to its newest entries, with a warning: a notification is a
/// courtesy, the database holds the truth.
/// </summary>
internal sealed class NotificationDispatcher(
    AuditLog log,
    INotificationMap map,
    NotificationCursor cursor,
    WebhookSender sender,
    AuditCommitSignal commits,
    NotificationCounters counters,
    IOptions<NotificationOptions> options,
    IOptions<SiteOptions> site,
    DataDirectory data,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    public const int MaxBacklog = 1000;

    private const int PageSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PauseAfterFault = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Notifications go to {Destination}", options.Value.IsOn ? sender.Destination : "the log only (Notifications:Webhook is not set)");
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

    // The first start notifies nothing of the past: it begins after the newest entry.
    private async Task<long> StartingPositionAsync(CancellationToken cancellationToken)
    {
        var head = await HeadAsync(cancellationToken);
        var kept = cursor.Read();
        if (kept is { } position && position <= head)
        {
            return position;
        }

        if (kept is not null)
        {
            logger.LogWarning("{Cursor} names audit entry {Kept}, beyond the log's newest {Head}: notifications carry on after {Head}",
                cursor.FilePath, kept, head, head);
        }

        cursor.Write(head);
        return head;
    }

    private async Task<long> CatchUpAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            position = await SkipExcessBacklogAsync(position, cancellationToken);
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
                cursor.Write(position);
            }
        }
    }

    private async Task<long> SkipExcessBacklogAsync(long position, CancellationToken cancellationToken)
    {
        var head = await HeadAsync(cancellationToken);
        if (head - position <= MaxBacklog)
        {
            return position;
        }

        var resume = head - MaxBacklog;
        var total = counters.Skipped(resume - position);
        logger.LogWarning("Audit entries {First}..{Last} are not notified: more than {MaxBacklog} entries were waiting ({Total} skipped since start)",
            position + 1, resume, MaxBacklog, total);
        cursor.Write(resume);
        return resume;
    }

    private async Task NotifyAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        foreach (var notification in map.Map(entry))
        {
            var payload = WebhookPayload.From(notification, entry, data.Side.Name, site.Value.Id);
            logger.LogInformation("Notification {Event} {Subject}: {Text}", payload.Event, payload.Subject, payload.Text);
            if (!options.Value.IsOn || !options.Value.Sends(payload.Event))
            {
                continue;
            }

            var failure = await sender.SendAsync(payload, cancellationToken);
            if (failure is null)
            {
                counters.Delivered();
                continue;
            }

            logger.LogWarning("Notification {Event} {Subject} was not delivered to {Webhook}: {Failure} ({Failed} not delivered since start)",
                payload.Event, payload.Subject, sender.Destination, failure, counters.Failed());
        }
    }

    private async Task<long> HeadAsync(CancellationToken cancellationToken) =>
        (await log.HeadAsync("notifications", cancellationToken))?.Sequence ?? 0;
}
