using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Notifications;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Notifications;

/// <summary>The high side's notifications from its real import and audit trail, posted to a real receiver by the real dispatcher.</summary>
[NonParallelizable]
public sealed class HighSideNotificationsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Import_BatchThenItsReplay_AwaitingApprovalThenRefusedWithItsReasonCodeAndBatch()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var scenario = new BatchScenario();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock,
            services: s => s.AddNotifications<HighSideNotificationMap>(RunningHostedServices.NotifyingTo(receiver.Url)));
        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        await using var dispatcher = await RunningHostedServices.StartAsync(highSide.Services);
        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "a.bin", 1000, seed: 3);

        var first = await highSide.ImportAsync(await scenario.WriteVolumeAsync(1, [file]));
        scenario.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await highSide.ImportAsync(await scenario.WriteVolumeAsync(1, [file], media: "again"));

        Assert.That((first.State, again.ReasonCode), Is.EqualTo((BatchStates.AwaitingApproval, ImportReasons.Replay)));
        var posts = await receiver.WaitForAsync(p => p.Any(x => x.Event == NotificationEvents.BatchRefused), Patience, "the refusal");
        Assert.That(posts.Select(p => p.Event), Is.EqualTo(new[] { NotificationEvents.BatchAwaitingApproval, NotificationEvents.BatchRefused }));
        var refused = posts[1].Json;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(posts[0].Subject, Is.EqualTo(first.Id));
            Assert.That(refused.GetProperty("side").GetString(), Is.EqualTo("highside"));
            Assert.That(refused.GetProperty("site").GetString(), Is.EqualTo(HighSideHarness.SiteId));
            Assert.That(refused.GetProperty("subject").GetString(), Is.EqualTo(again.Id));
            Assert.That(refused.GetProperty("batch").GetString(), Is.EqualTo(first.BatchId));
            Assert.That(refused.GetProperty("batchSequence").GetInt64(), Is.EqualTo(1));
            Assert.That(refused.GetProperty("state").GetString(), Is.EqualTo(BatchStates.Refused));
            Assert.That(refused.GetProperty("reason").GetString(), Is.EqualTo(ImportReasons.Replay));
            Assert.That(refused.GetProperty("text").GetString(), Does.Contain($"Batch {first.BatchId} refused").And.Contain("[replay]"));
        }
    }
}
