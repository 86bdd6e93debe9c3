using TransferPipeline.Shared.Persistence;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Publishing;

/// <summary>Publishing into a real OCI registry (docker-registry on 127.0.0.1) and mirror directories.</summary>
[OnBothProviders]
public sealed class PublishServiceTests(DatabaseProvider provider) : RegistryScenarioTests(provider)
{
    [Test]
    public async Task Publish_ImageFileAndChart_MirrorsHoldByteIdenticalContent()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 300_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 200_000, seed: 2);
        var chart = (await SampleArtifacts.AddFileAsync(Scenario.Store, "mychart.tgz", 5_000, seed: 3)) with
        {
            Kind = ArtifactKinds.Chart,
            Name = "mychart",
            Version = "1.2.3",
            Source = "https://charts.example/mychart-1.2.3.tgz",
        };
        var written = await Scenario.WriteAsync([image, file, chart]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);

        var result = await PublishedBatchFlow.PublishAsync(HighSide, id);

        Assert.That(result.State, Is.EqualTo(BatchStates.Published));
        Assert.That(await ServedDigestAsync("library/app:1.0"), Is.EqualTo(image.Digest));
        Assert.That(await Sha256Async(Path.Combine(HighSide.FilesMirror, "patch.bin")), Is.EqualTo(file.Digest));
        Assert.That(await Sha256Async(Path.Combine(HighSide.ChartsMirror, "mychart-1.2.3.tgz")), Is.EqualTo(chart.Digest));
        var index = await File.ReadAllTextAsync(Path.Combine(HighSide.ChartsMirror, "index.yaml"));
        Assert.That(index, Does.Contain("mychart-1.2.3.tgz").And.Contain(BatchFileNames.DigestHex(chart.Digest)).And.Contain("apiVersion: v1"));
    }

    [TestCase("mychart", "1.2.3", "mychart", "1.2.3",
        TestName = "Publish_ChartVersionPublishedAgainWithOtherBytes_RefusedChartConflictAndTheFirstStays")]
    [TestCase("foo-1.0.0", "2.0.0", "foo", "1.0.0-2.0.0",
        TestName = "Publish_ChartWhoseArchiveNameAnotherChartsArchiveHas_RefusedChartConflictAndTheFirstStays")]
    public async Task Publish_ChartThatWouldChangeAPublishedOne_RefusedChartConflictAndTheFirstStays(
        string firstName, string firstVersion, string laterName, string laterVersion)
    {
        var first = await ChartAsync(firstName, firstVersion, seed: 3);
        await PublishedBatchFlow.PublishAsync(HighSide,
            await PublishedBatchFlow.ImportAndApproveAsync(HighSide, await Scenario.WriteVolumeAsync(1, [first])));
        var archive = Path.Combine(HighSide.ChartsMirror, $"{firstName}-{firstVersion}.tgz");
        // A later batch (a stolen site key, or upstream rebuilt the version) whose archive has the first one's name.
        var later = await ChartAsync(laterName, laterVersion, seed: 4);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, await Scenario.WriteVolumeAsync(2, [later]));

        var outcome = await HighSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.ChartConflict), outcome.Error?.Message);
        Assert.That(await Sha256Async(archive), Is.EqualTo(first.Digest));
        var index = await File.ReadAllTextAsync(Path.Combine(HighSide.ChartsMirror, "index.yaml"));
        Assert.That(index, Does.Contain(BatchFileNames.DigestHex(first.Digest)).And.Not.Contain(BatchFileNames.DigestHex(later.Digest)));
    }

    [Test]
    public async Task Publish_MultiArchIndex_IndexAndPlatformManifestsKeepTheirDigests()
    {
        var image = await MultiArchImage.AddAsync(Scenario.Store, "library/multi", "2.0");
        var written = await Scenario.WriteAsync([image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);

        await PublishedBatchFlow.PublishAsync(HighSide, id);

        Assert.That(await ServedDigestAsync("library/multi:2.0"), Is.EqualTo(image.Digest));
        var child = image.Blobs[1].Digest;
        Assert.That(await ServedDigestAsync($"library/multi@{child}"), Is.EqualTo(child));
    }

    [Test]
    public async Task Publish_ImageWithItsCosignSignature_SignaturePublishedUnderItsTag()
    {
        using var key = TestCosignKey.EcdsaP256();
        var unsigned = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/signed", "3.0", 20_000, seed: 4);
        var image = await SignedImages.AttachSignatureAsync(Scenario.Store, unsigned, [SignatureLayer.For(key, Digest.Parse(unsigned.Digest))]);
        var written = await Scenario.WriteAsync([image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);

        await PublishedBatchFlow.PublishAsync(HighSide, id);

        var attachment = image.Attachments.Single();
        Assert.That(await ServedDigestAsync($"library/signed:{attachment.Tag}"), Is.EqualTo(attachment.Digest));
        Assert.That(await ServedDigestAsync("library/signed:3.0"), Is.EqualTo(image.Digest));
    }

    [Test]
    public async Task Publish_SecondTime_IsIdempotent()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, volume);
        await PublishedBatchFlow.PublishAsync(HighSide, id);
        var target = Path.Combine(HighSide.FilesMirror, "patch.bin");
        var written = File.GetLastWriteTimeUtc(target);

        var again = await PublishedBatchFlow.PublishAsync(HighSide, id);

        Assert.That(again.ArtifactsPublished, Is.Zero);
        Assert.That(File.GetLastWriteTimeUtc(target), Is.EqualTo(written));
        Assert.That(Directory.EnumerateFiles(HighSide.FilesMirror), Has.Exactly(1).Items);
    }

    [Test]
    public async Task Publish_QuarantineAlteredAfterVerification_RefusedAndNothingPublished()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 100_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 100_000, seed: 2);
        var written = await Scenario.WriteAsync([file, image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);
        var stored = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id)).PathOf(file.Digest);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[0] ^= 0xff;
        await File.WriteAllBytesAsync(stored, bytes);

        var outcome = await HighSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.QuarantineTampered));
        Assert.That(File.Exists(Path.Combine(HighSide.FilesMirror, "patch.bin")), Is.False);
        var batch = await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.Refused));
    }

    [Test]
    public async Task Publish_QuarantineManifestAlteredAfterApproval_RefusedAndNothingPublished()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 100_000, seed: 2);
        var written = await Scenario.WriteAsync([file]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);
        // Still well-formed, and publishing reads only its artifacts: the digest recorded at import is what tells.
        var quarantined = Path.Combine(HighSide.Data.BatchVolumes(id), "001", BatchFileNames.Manifest);
        var text = await File.ReadAllTextAsync(quarantined);
        await File.WriteAllTextAsync(quarantined, text.Replace("\"patch.bin\"", "\"patch.exe\"", StringComparison.Ordinal),
            new System.Text.UTF8Encoding(false));

        var outcome = await HighSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.QuarantineTampered));
        Assert.That(outcome.Error?.Message, Does.Contain("altered after it was verified"));
        Assert.That(File.Exists(Path.Combine(HighSide.FilesMirror, "patch.bin")), Is.False);
        Assert.That(File.Exists(Path.Combine(HighSide.FilesMirror, "patch.exe")), Is.False);
    }

    [Test]
    public async Task Publish_ImageLayerAlteredInQuarantine_RefusedAndNeitherLayerNorTagInRegistry()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/tampered", "1.0", 300_000, seed: 11);
        var written = await Scenario.WriteAsync([image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);
        var layer = image.Blobs[^1].Digest;
        var stored = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id)).PathOf(layer);
        await using (var file = new FileStream(stored, FileMode.Open, FileAccess.Write))
        {
            file.Seek(-1, SeekOrigin.End);
            file.WriteByte(0x5a);
        }

        var outcome = await HighSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.QuarantineTampered));
        Assert.That(outcome.Error?.Message, Does.Contain(layer));
        using var http = new HttpClient { BaseAddress = Registry.BaseUri };
        using var blob = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/library/tampered/blobs/{layer}"));
        using var tag = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "v2/library/tampered/manifests/1.0"));
        Assert.That(blob.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound), "the altered layer was committed");
        Assert.That(tag.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound), "the tag was pushed");
        var batch = await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.Refused));
    }

    [Test]
    public async Task Publish_IncrementalBatch_WaitsForEarlierBatchThenPublishes()
    {
        var v1 = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 200_000, seed: 7);
        var first = await Scenario.WriteAsync([v1], sequence: 1, mediaDirectory: Path.Combine(Scenario.Root, "m1"));
        var v2 = v1 with { Version = "1.1", RequestId = "second" };
        var layer = v1.Blobs[^1].Digest;
        var second = await Scenario.WriteAsync([v2], sequence: 2, present: new HashSet<string> { layer }, mediaDirectory: Path.Combine(Scenario.Root, "m2"));
        var firstId = (await HighSide.ImportAsync(first.VolumeDirectories[0])).Id;

        var waiting = await HighSide.ImportAsync(second.VolumeDirectories[0]);
        Assert.That(waiting.State, Is.EqualTo(BatchStates.WaitingForBlobs));
        Assert.That(waiting.Message, Does.Contain(layer).And.Contain(firstId));

        await PublishedBatchFlow.ApproveAsync(HighSide, firstId);
        await PublishedBatchFlow.PublishAsync(HighSide, firstId);
        var batch = await HighSide.Get<BatchRepository>().FindAsync(waiting.Id, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        await PublishedBatchFlow.ApproveAsync(HighSide, waiting.Id);
        await PublishedBatchFlow.PublishAsync(HighSide, waiting.Id);
        Assert.That(await ServedDigestAsync("library/app:1.1"), Is.EqualTo(v2.Digest));
    }

    private static async Task<string> Sha256Async(string path) =>
        "sha256:" + (await Shared.Hashing.Sha256Digest.ComputeFileAsync(path, CancellationToken.None)).Sha256;

    private async Task<BatchArtifactInput> ChartAsync(string name, string version, int seed) =>
        (await SampleArtifacts.AddFileAsync(Scenario.Store, $"{name}.tgz", 5_000, seed: seed)) with
        {
            Kind = ArtifactKinds.Chart,
            Name = name,
            Version = version,
            Source = $"https://charts.example/{name}-{version}.tgz",
        };
}
