using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Trust;

public sealed class TrustServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Revoke_KeyOfApprovedBatchInQuarantine_BatchRefusedAndNeverPublished()
    {
        using var scenario = new BatchScenario();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock, provider: Provider);
        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "tool.bin", 10_000, seed: 1);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(highSide, (await scenario.WriteAsync([file])).VolumeDirectories[0]);

        var revoked = await highSide.Get<TrustService>().RevokeAsync(scenario.Key.PublicKey.KeyIdHex, "test", CancellationToken.None);
        var publish = await highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(revoked.IsOk, Is.True);
        var batch = await highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        Assert.That((batch!.State, batch.ReasonCode), Is.EqualTo((BatchStates.Refused, "key-revoked")));
        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.NotPublishable));
        Assert.That(Directory.Exists(highSide.FilesMirror) ? Directory.EnumerateFiles(highSide.FilesMirror) : [], Is.Empty);
    }

    [Test]
    public async Task Add_SameKeyTwice_RefusedNamingItsSite()
    {
        using var scenario = new BatchScenario();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock, provider: Provider);
        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        var file = Path.Combine(highSide.Root, "again.pub");
        await File.WriteAllTextAsync(file, scenario.Key.PublicKey.ToFileText());

        var again = await highSide.Get<TrustService>().AddAsync("site-b", file, "test", CancellationToken.None);

        Assert.That(again.Error?.Code, Is.EqualTo("key-already-trusted"));
        Assert.That(again.Error!.Message, Does.Contain("site-a"));
    }
}
