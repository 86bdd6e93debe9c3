using TransferPipeline.Shared.Persistence;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Approval.Pages;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>The console's view of batches, built from the same query as `batch show`, over real imported and published batches.</summary>
[OnBothProviders]
public sealed class ConsoleReviewPacketTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task ReviewPacket_UpdateOfPublishedArtifact_ShowsChangeAgainstPreviousFirstImportAndDestinations()
    {
        var (firstId, secondId, old) = await PublishedThenUpdatedAsync();

        var packet = ReviewPacket.From((await HighSide.Get<BatchQueries>().ShowAsync(secondId, CancellationToken.None)).Value!);

        var byName = packet.Artifacts.ToDictionary(a => a.Artifact.Name);
        Assert.That(byName["tool.bin"].Artifact.Change, Is.EqualTo($"update from {old.Digest}"));
        Assert.That(byName["tool.bin"].Artifact.PreviousDigest, Is.EqualTo(old.Digest));
        Assert.That(byName["new.bin"].Artifact.Change, Is.EqualTo("first import"));
        Assert.That(byName["new.bin"].Artifact.PreviousDigest, Is.Null);
        Assert.That(byName["tool.bin"].Destination, Does.StartWith($"file {Path.Combine(HighSide.FilesMirror, "tool.bin")} sha256:"));
        Assert.That(byName["new.bin"].Destination, Does.StartWith($"file {Path.Combine(HighSide.FilesMirror, "new.bin")} sha256:"));
        Assert.That(packet.Progress, Is.EqualTo("0 of 2 approvals"));
        Assert.That(packet, Has.Property(nameof(ReviewPacket.Approvable)).True.And.Property(nameof(ReviewPacket.Rejectable)).True);
        Assert.That(firstId, Is.Not.EqualTo(secondId));
    }

    [Test]
    public async Task ReviewPacket_OneOfTwoOfficersApproved_SaysOneOfTwoAndListsTheApproval()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 20_000, seed: 5);
        var id = (await HighSide.ImportAsync((await Scenario.WriteAsync([file])).VolumeDirectories[0])).Id;
        var carol = await HighSide.AddOfficerAsync("carol");
        await HighSide.AddOfficerAsync("dave");
        Assert.That((await HighSide.ApproveAsync(id, carol)).IsOk, Is.True);

        var packet = ReviewPacket.From((await HighSide.Get<BatchQueries>().ShowAsync(id, CancellationToken.None)).Value!);

        Assert.That(packet.Progress, Is.EqualTo("1 of 2 approvals"));
        Assert.That(packet.Approvals, Has.Count.EqualTo(1));
        Assert.That(packet.Approvals[0], Has.Property(nameof(ApprovalDetail.Officer)).EqualTo("carol").And.Property(nameof(ApprovalDetail.Counts)).True);
        Assert.That(packet.Rejections, Is.Empty);
    }

    [Test]
    public async Task BatchQueue_PublishedAndAwaitingBatches_AwaitingFirstAndPublishedUnderRecent()
    {
        var (firstId, secondId, _) = await PublishedThenUpdatedAsync();

        var queue = BatchQueue.From(await HighSide.Get<BatchQueries>().ListAsync(CancellationToken.None));

        Assert.That(queue.Awaiting.Select(b => b.Id), Is.EqualTo(new[] { secondId }));
        Assert.That(queue.InProgress, Is.Empty);
        Assert.That(queue.Recent.Select(b => (b.Id, b.State)), Is.EqualTo(new[] { (firstId, BatchStates.Published) }));
    }

    [TestCase(0, 2, "0 of 2 approvals")]
    [TestCase(1, 2, "1 of 2 approvals")]
    [TestCase(3, 3, "3 of 3 approvals")]
    [TestCase(0, 1, "0 of 1 approval")]
    public void ApprovalProgress_CountedOfRequired_ReadsAsOfficersSayIt(int counted, int required, string expected) =>
        Assert.That(ApprovalProgress.Text(counted, required), Is.EqualTo(expected));

    private async Task<(string FirstId, string SecondId, Shared.Batches.BatchArtifactInput Old)> PublishedThenUpdatedAsync()
    {
        var old = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 20_000, seed: 2);
        var first = await Scenario.WriteAsync([old], sequence: 1, mediaDirectory: Path.Combine(Scenario.Root, "m1"));
        var firstId = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, first.VolumeDirectories[0]);
        await PublishedBatchFlow.PublishAsync(HighSide, firstId);
        var updated = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 25_000, seed: 3);
        var added = await SampleArtifacts.AddFileAsync(Scenario.Store, "new.bin", 5_000, seed: 4);
        var second = await Scenario.WriteAsync([updated, added], sequence: 2, mediaDirectory: Path.Combine(Scenario.Root, "m2"));
        return (firstId, (await HighSide.ImportAsync(second.VolumeDirectories[0])).Id, old);
    }
}
