using MassTransit;
using MassTransit.Testing;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Publishing;

/// <summary>The consumers with MassTransit's in-memory test harness: one message, one call into the feature service.</summary>
public sealed class PublishBatchConsumerTests
{
    [Test]
    public async Task Consumers_ImportVolumeThenPublishBatch_BatchImportedAndPublished()
    {
        using var scenario = new BatchScenario();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock, services: s => s.AddMassTransitTestHarness(bus =>
        {
            // The suite runs this while the executables are published beside it: the harness's 30 s default is too short.
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(4), testInactivityTimeout: TimeSpan.FromSeconds(30));
            bus.AddConsumer<ImportVolumeConsumer, ImportVolumeConsumerDefinition>();
            bus.AddConsumer<PublishBatchConsumer, PublishBatchConsumerDefinition>();
        }));
        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "tool.bin", 10_000, seed: 1);
        var volume = (await scenario.WriteAsync([file])).VolumeDirectories[0];
        var harness = highSide.Get<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(new ImportVolume(volume));
        Assert.That(await harness.GetConsumerHarness<ImportVolumeConsumer>().Consumed.Any<ImportVolume>(), Is.True);
        await PublishedBatchFlow.ApproveAsync(highSide, "site-a-000001");
        await harness.Bus.Publish(new PublishBatch("site-a-000001"));
        Assert.That(await harness.GetConsumerHarness<PublishBatchConsumer>().Consumed.Any<PublishBatch>(), Is.True);

        var batch = await highSide.Get<BatchRepository>().FindAsync("site-a-000001", CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.Published));
        Assert.That(File.Exists(Path.Combine(highSide.FilesMirror, "tool.bin")), Is.True);
    }
}
