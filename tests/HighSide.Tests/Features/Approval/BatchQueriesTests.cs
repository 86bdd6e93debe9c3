using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>What `batch show` tells an officer about each artifact: its size and what changed against the published version.</summary>
[OnBothProviders]
public sealed class BatchQueriesTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task ShowAsync_AfterEarlierBatchPublished_ReportsSizesAndChangesPerArtifact()
    {
        var same = await SampleArtifacts.AddFileAsync(Scenario.Store, "same.bin", 30_000, seed: 1);
        var old = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 20_000, seed: 2);
        var first = await Scenario.WriteAsync([same, old], sequence: 1, mediaDirectory: Path.Combine(Scenario.Root, "m1"));
        var firstId = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, first.VolumeDirectories[0]);
        await PublishedBatchFlow.PublishAsync(HighSide, firstId);
        var updated = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 25_000, seed: 3);
        var second = await Scenario.WriteAsync([same with { RequestId = "again" }, updated], sequence: 2, mediaDirectory: Path.Combine(Scenario.Root, "m2"));
        var secondId = (await HighSide.ImportAsync(second.VolumeDirectories[0])).Id;

        var detail = (await HighSide.Get<BatchQueries>().ShowAsync(secondId, CancellationToken.None)).Value!;

        var byName = detail.Artifacts.ToDictionary(a => a.Name);
        Assert.That(byName["same.bin"], Has.Property(nameof(ArtifactDetail.Bytes)).EqualTo(30_000)
            .And.Property(nameof(ArtifactDetail.Change)).EqualTo("unchanged (same digest as published)")
            .And.Property(nameof(ArtifactDetail.NewBlobs)).EqualTo(0)
            .And.Property(nameof(ArtifactDetail.SharedBlobs)).EqualTo(1));
        Assert.That(byName["tool.bin"], Has.Property(nameof(ArtifactDetail.Bytes)).EqualTo(25_000)
            .And.Property(nameof(ArtifactDetail.Change)).EqualTo($"update from {old.Digest}")
            .And.Property(nameof(ArtifactDetail.NewBlobs)).EqualTo(1)
            .And.Property(nameof(ArtifactDetail.SharedBlobs)).EqualTo(0));
    }

    [Test]
    public async Task ShowAsync_BatchRefusedAsManifestInvalid_ShowsTheRefusal()
    {
        // Such a batch has no artifact rows; on SQLite `batch show` of it failed in Dapper instead of showing why it was refused.
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 1_000, seed: 4);
        var volume = (await Scenario.WriteAsync([file])).VolumeDirectories[0];
        await Scenario.ResignManifestAsync(volume, manifest => manifest["artifacts"]![0]!["name"] = "tool\u202Enib.exe");
        var imported = await HighSide.ImportAsync(volume);

        var shown = await HighSide.Get<BatchQueries>().ShowAsync(imported.Id, CancellationToken.None);

        Assert.That(shown.Value?.Batch.State, Is.EqualTo("refused"), shown.Error?.ToString());
        Assert.That(shown.Value!.Reason, Does.Contain("not a portable file name"));
        Assert.That(shown.Value.Artifacts, Is.Empty);
    }
}
