using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>
/// The dispatcher follows a real audit log and posts to a real receiver: it starts after the newest entry, carries on
/// after its cursor when restarted (what a CLI verb committed meanwhile), and cuts a backlog that grew too long.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class NotificationDispatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private AuditFixture _audit = null!;
    private DataDirectory _data = null!;
    private ServiceProvider _meters = null!;
    private WebhookReceiver _receiver = null!;

    [SetUp]
    public async Task SetUp()
    {
        _audit = await AuditFixture.CreateAsync();
        _data = TestHostSide.Data(_audit.Temp.Combine("data"));
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _receiver = await WebhookReceiver.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _receiver.DisposeAsync();
        await _meters.DisposeAsync();
        _audit.Dispose();
    }

    [Test]
    public async Task FirstStart_EntriesBefore_NotifiesOnlyWhatCommitsAfterIt()
    {
        await AppendAsync("thing.published", "before");
        await using (var dispatcher = await StartAsync())
        {
            await AppendAsync("thing.published", "after");

            var posts = await _receiver.WaitForAsync(p => p.Count >= 1, Patience, "the entry that committed after the start");
            Assert.That(posts.Select(p => p.Subject), Is.EqualTo(new[] { "after" }));
            Assert.That(posts[0].Json.GetProperty("sequence").GetInt64(), Is.EqualTo(2));
        }

        Assert.That(await File.ReadAllTextAsync(new NotificationCursor(_data).FilePath), Is.EqualTo("2\n"));
    }

    [Test]
    public async Task Restart_EntriesCommittedWhileStopped_NotifiedInOrderAfterTheCursor()
    {
        await (await StartAsync()).DisposeAsync();
        await AppendAsync("thing.published", "while-stopped-1");
        await AppendAsync("thing.ignored", "not-notified");
        await AppendAsync("thing.refused", "while-stopped-2");

        await using var dispatcher = await StartAsync();

        var posts = await _receiver.WaitForAsync(p => p.Count >= 2, Patience, "what committed while the daemon was stopped");
        Assert.That(posts.Select(p => (p.Event, p.Subject)), Is.EqualTo(new[]
        {
            ("batch.published", "while-stopped-1"),
            ("batch.refused", "while-stopped-2"),
        }));
        Assert.That(posts[1].Json.GetProperty("reason").GetString(), Is.EqualTo("test-reason"));
    }

    [Test]
    public async Task Restart_BacklogBeyondTheLimit_OldestSkippedWithAWarningAndTheRestNotified()
    {
        new NotificationCursor(_data).Write(0);
        await AppendAsync("thing.published", "too-old");
        for (var i = 0; i < NotificationDispatcher.MaxBacklog; i++)
        {
            await AppendAsync("thing.ignored", "filler");
        }

        await AppendAsync("thing.published", "recent");
        var logger = new RecordingLogger<NotificationDispatcher>();

        await using var dispatcher = await StartAsync(logger: logger);

        var posts = await _receiver.WaitForAsync(p => p.Count >= 1, Patience, "the newest entry");
        Assert.That(posts.Select(p => p.Subject), Is.EqualTo(new[] { "recent" }));
        Assert.That(logger.Warnings, Has.One.Contains("Audit entries 1..2 are not notified: more than 1000 entries were waiting (2 skipped since start)"));
    }

    [Test]
    public async Task EventsFilterAndLog_EveryNotificationLoggedOnlyListedOnesPosted()
    {
        var logger = new RecordingLogger<NotificationDispatcher>();
        await using var dispatcher = await StartAsync(options => options.Events = ["batch.refused"], logger);

        await AppendAsync("thing.published", "logged-only");
        await AppendAsync("thing.refused", "posted");

        var posts = await _receiver.WaitForAsync(p => p.Count >= 1, Patience, "the listed event");
        await Eventually.GetAsync(() => Task.FromResult(logger.Informations), l => l.Any(m => m.Contains("posted", StringComparison.Ordinal)),
            Patience, "the log line");
        Assert.That(posts.Select(p => p.Subject), Is.EqualTo(new[] { "posted" }));
        Assert.That(logger.Informations, Has.One.EqualTo("Notification batch.published logged-only: testside site-t: Thing logged-only happened"));
    }

    private async Task<AuditEntry> AppendAsync(string action, string subject) =>
        await _audit.Log.AppendAsync("system", action, subject, new { reason = "test-reason" }, CancellationToken.None);

    private async Task<RunningDispatcher> StartAsync(Action<NotificationOptions>? configure = null,
        RecordingLogger<NotificationDispatcher>? logger = null)
    {
        var settings = new NotificationOptions { Webhook = _receiver.Url.ToString(), Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        var sender = new WebhookSender(options, _data, TimeProvider.System, new RecordingLogger<WebhookSender>());
        var dispatcher = new NotificationDispatcher(_audit.Log, new ThingMap(), new NotificationCursor(_data), sender, new AuditCommitSignal(),
            new NotificationCounters(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), options,
            Options.Create(new SiteOptions { Id = "site-t" }), _data, logger ?? new RecordingLogger<NotificationDispatcher>());
        await dispatcher.StartAsync(CancellationToken.None);
        // The first start takes the newest entry as its starting point; wait until it has.
        await Eventually.GetAsync(() => Task.FromResult(File.Exists(new NotificationCursor(_data).FilePath)), e => e, Patience, "the cursor");
        return new RunningDispatcher(dispatcher, sender);
    }

    private sealed class RunningDispatcher(NotificationDispatcher dispatcher, WebhookSender sender) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await dispatcher.StopAsync(CancellationToken.None);
            dispatcher.Dispose();
            sender.Dispose();
        }
    }

    private sealed class ThingMap : INotificationMap
    {
        public IReadOnlyList<string> Events => [NotificationEvents.BatchPublished, NotificationEvents.BatchRefused];

        public IEnumerable<Notification> Map(AuditEntry entry) => entry.Action switch
        {
            "thing.published" => [new(NotificationEvents.BatchPublished, entry.Subject, "published", $"Thing {entry.Subject} happened")],
            "thing.refused" => [new(NotificationEvents.BatchRefused, entry.Subject, "refused", $"Thing {entry.Subject} refused")
            {
                Reason = AuditDetails.Of(entry).Text("reason"),
            }],
            _ => [],
        };
    }
}
