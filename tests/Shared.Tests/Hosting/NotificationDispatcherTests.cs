using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>
/// The dispatcher follows a real audit log in a real SQLite database and posts to real receivers on loopback: it starts at
/// the cursor the migration set, carries on after it when restarted without posting again what was delivered, retries a
/// receiver that fails until it takes the notification once, and passes a dead one by with a warning.
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
    public async Task Start_EntriesBeforeTheCursorTableExisted_NotifiesOnlyWhatCommitsAfter()
    {
        await AppendAsync("thing.published", "before-upgrade");
        await CreateCursorTableAsync();
        await using (await StartAsync())
        {
            await AppendAsync("thing.published", "after");

            await CursorAtAsync(2);
        }

        var posts = _receiver.Posts;
        Assert.That(posts.Select(p => p.Subject), Is.EqualTo(new[] { "after" }));
        Assert.That(posts[0].Json.GetProperty("sequence").GetInt64(), Is.EqualTo(2));
    }

    [Test]
    public async Task Restart_EntriesCommittedWhileStopped_NotifiedInOrderAndWhatWasDeliveredNotAgain()
    {
        await CreateCursorTableAsync();
        await using (await StartAsync())
        {
            await AppendAsync("thing.published", "while-running");
            await CursorAtAsync(1);
        }

        await AppendAsync("thing.published", "while-stopped-1");
        await AppendAsync("thing.ignored", "not-notified");
        await AppendAsync("thing.refused", "while-stopped-2");

        await using var dispatcher = await StartAsync();

        var posts = await _receiver.WaitForAsync(p => p.Count >= 3, Patience, "what committed while the daemon was stopped");
        await AppendAsync("thing.published", "marker");
        posts = await _receiver.WaitForAsync(p => p.Count >= 4, Patience, "the marker after the backlog");
        Assert.That(posts.Select(p => (p.Event, p.Subject)), Is.EqualTo(new[]
        {
            ("batch.published", "while-running"),
            ("batch.published", "while-stopped-1"),
            ("batch.refused", "while-stopped-2"),
            ("batch.published", "marker"),
        }));
        Assert.That(posts[2].Json.GetProperty("reason").GetString(), Is.EqualTo("test-reason"));
        Assert.That(posts.Select(p => p.Id), Is.Unique);
    }

    [Test]
    public async Task Deliver_ReceiverFailsTwiceWith500ThenRecovers_TakesItOnceWithOneIdAndNotAgainAfterARestart()
    {
        await CreateCursorTableAsync();
        await using var flaky = await WebhookReceiver.StartAsync(500, 500);
        var logger = new RecordingLogger<NotificationDispatcher>();
        await using (await StartAsync(logger: logger, urls: flaky.Url))
        {
            await AppendAsync("thing.refused", "flaky");
            await CursorAtAsync(1);
        }

        await using (await StartAsync(urls: flaky.Url))
        {
            await AppendAsync("thing.published", "marker");
            await flaky.WaitForAsync(p => p.Any(x => x.Subject == "marker"), Patience, "the marker after the restart");
        }

        var posts = flaky.Posts;
        Assert.That(posts.Select(p => (p.Subject, p.Answer)), Is.EqualTo(new[] { ("flaky", 500), ("flaky", 500), ("flaky", 200), ("marker", 200) }));
        Assert.That(posts.Take(3).Select(p => p.Id).Distinct(), Is.EqualTo(new[] { "testside:site-t:1:0" }));
        Assert.That(logger.Warnings, Is.Empty);
    }

    [Test]
    public async Task Deliver_DeadReceiverBesideALiveOne_LiveOneGetsEverythingAndTheDeadOneCostsAWarningEach()
    {
        await CreateCursorTableAsync();
        var dead = new Uri($"http://127.0.0.1:{FreePort.Next()}/hooks/transfer");
        var logger = new RecordingLogger<NotificationDispatcher>();
        await using var dispatcher = await StartAsync(logger: logger, urls: [dead, _receiver.Url]);

        for (var i = 1; i <= 3; i++)
        {
            await AppendAsync("thing.published", $"batch-{i}");
        }

        var posts = await _receiver.WaitForAsync(p => p.Count >= 3, Patience, "every notification at the live receiver");
        var warnings = await Eventually.GetAsync(() => Task.FromResult(logger.Warnings), w => w.Count >= 3, Patience, "a warning each");
        Assert.That(posts.Select(p => p.Subject), Is.EqualTo(new[] { "batch-1", "batch-2", "batch-3" }));
        Assert.That(warnings[0], Does.StartWith("Notification testside:site-t:1:0 (batch.published batch-1) was not delivered to http://127.0.0.1:")
            .And.EndWith("(attempt 3 of 3) (1 not delivered since start)"));
        Assert.That(warnings[2], Does.EndWith("(attempt 1 of 1) (3 not delivered since start)"), "a webhook that is down gets one attempt");
    }

    [Test]
    public async Task Notify_EventsFilterOnOneWebhook_EveryNotificationLoggedEachWebhookGetsWhatItListens()
    {
        await CreateCursorTableAsync();
        await using var refusalsOnly = await WebhookReceiver.StartAsync();
        var logger = new RecordingLogger<NotificationDispatcher>();
        await using var dispatcher = await StartAsync(logger: logger, configure: o =>
            o.Webhooks = [new WebhookOptions { Url = refusalsOnly.Url.ToString(), Events = ["batch.refused"] },
                new WebhookOptions { Url = _receiver.Url.ToString() }]);

        await AppendAsync("thing.published", "everyone");
        await AppendAsync("thing.refused", "refusal");

        await _receiver.WaitForAsync(p => p.Count >= 2, Patience, "both at the unfiltered webhook");
        var refusals = await refusalsOnly.WaitForAsync(p => p.Count >= 1, Patience, "the listed event");
        Assert.That(refusals.Select(p => p.Subject), Is.EqualTo(new[] { "refusal" }));
        Assert.That(logger.Informations, Has.One.EqualTo("Notification batch.published everyone: testside site-t: Thing everyone happened"));
    }

    [Test]
    public async Task Notify_NoWebhook_EveryNotificationStillLogged()
    {
        await CreateCursorTableAsync();
        var logger = new RecordingLogger<NotificationDispatcher>();
        await using var dispatcher = await StartAsync(logger: logger, configure: o => o.Webhooks = []);

        await AppendAsync("thing.refused", "logged");

        await Eventually.GetAsync(() => Task.FromResult(logger.Informations), l => l.Any(m => m.Contains("logged", StringComparison.Ordinal)),
            Patience, "the log line");
        Assert.That(logger.Informations, Does.Contain("Notifications go to the log and no webhook (Notifications:Webhooks is empty)"));
    }

    private async Task CreateCursorTableAsync() =>
        await new MigrationRunner(_audit.Database, [.. AuditFixture.Migrations, NotificationMigrations.CreateCursorTable(3)], _audit.Clock)
            .RunAsync(CancellationToken.None);

    private Task<long?> CursorAtAsync(long sequence) => Eventually.GetAsync(() => new NotificationCursor(_audit.Database).ReadAsync(CancellationToken.None),
        position => position == sequence, Patience, $"the cursor at {sequence}");

    private async Task<AuditEntry> AppendAsync(string action, string subject) =>
        await _audit.Log.AppendAsync("system", action, subject, new { reason = "test-reason" }, CancellationToken.None);

    private async Task<RunningDispatcher> StartAsync(RecordingLogger<NotificationDispatcher>? logger = null, Action<NotificationOptions>? configure = null,
        params Uri[] urls)
    {
        var settings = new NotificationOptions
        {
            Webhooks = [.. (urls.Length == 0 ? [_receiver.Url] : urls).Select(u => new WebhookOptions { Url = u.ToString() })],
            Timeout = TimeSpan.FromSeconds(2),
            Attempts = 3,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(settings);
        var senders = new WebhookSenders(Options.Create(settings), _data, TimeProvider.System, new RecordingLogger<WebhookSender>());
        var dispatcher = new NotificationDispatcher(_audit.Log, new ThingMap(), new NotificationCursor(_audit.Database), senders,
            new AuditCommitSignal(), new NotificationCounters(_meters.GetRequiredService<IMeterFactory>()),
            Options.Create(new SiteOptions { Id = "site-t" }), _data, logger ?? new RecordingLogger<NotificationDispatcher>());
        await dispatcher.StartAsync(CancellationToken.None);
        return new RunningDispatcher(dispatcher, senders);
    }

    private sealed class RunningDispatcher(NotificationDispatcher dispatcher, WebhookSenders senders) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await dispatcher.StopAsync(CancellationToken.None);
            dispatcher.Dispose();
            senders.Dispose();
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
