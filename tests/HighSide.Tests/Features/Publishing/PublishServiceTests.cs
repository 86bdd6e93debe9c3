using System.Security.Cryptography;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Publishing;

/// <summary>Publishing into a real OCI registry (docker-registry on 127.0.0.1) and mirror directories.</summary>
public sealed class PublishServiceTests
{
    private RegistryProcess _registry = null!;
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;

    [OneTimeSetUp]
    public async Task StartRegistryAsync() => _registry = await RegistryProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopRegistryAsync() => await _registry.DisposeAsync();

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, registryUrl: _registry.BaseUri.ToString().TrimEnd('/'));
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _scenario.Dispose();
    }

    [Test]
    public async Task Publish_ImageFileAndChart_MirrorsHoldByteIdenticalContent()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 300_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "patch.bin", 200_000, seed: 2);
        var chart = (await SampleArtifacts.AddFileAsync(_scenario.Store, "mychart.tgz", 5_000, seed: 3)) with
        {
            Kind = ArtifactKinds.Chart,
            Name = "mychart",
            Version = "1.2.3",
            Source = "https://charts.example/mychart-1.2.3.tgz",
        };
        var written = await _scenario.WriteAsync([image, file, chart]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, written.VolumeDirectories[0]);

        var result = await PublishedBatchFlow.PublishAsync(_highSide, id);

        Assert.That(result.State, Is.EqualTo(BatchStates.Published));
        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/library/app:1.0");
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), Is.EqualTo(image.Digest));
        Assert.That(await Sha256Async(Path.Combine(_highSide.FilesMirror, "patch.bin")), Is.EqualTo(file.Digest));
        Assert.That(await Sha256Async(Path.Combine(_highSide.ChartsMirror, "mychart-1.2.3.tgz")), Is.EqualTo(chart.Digest));
        var index = await File.ReadAllTextAsync(Path.Combine(_highSide.ChartsMirror, "index.yaml"));
        Assert.That(index, Does.Contain("mychart-1.2.3.tgz").And.Contain(BatchFileNames.DigestHex(chart.Digest)).And.Contain("apiVersion: v1"));
    }

    [Test]
    public async Task Publish_MultiArchIndex_IndexAndPlatformManifestsKeepTheirDigests()
    {
        var image = await MultiArchImage.AddAsync(_scenario.Store, "library/multi", "2.0");
        var written = await _scenario.WriteAsync([image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, written.VolumeDirectories[0]);

        await PublishedBatchFlow.PublishAsync(_highSide, id);

        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/library/multi:2.0");
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), Is.EqualTo(image.Digest));
        var child = image.Blobs[1].Digest;
        var childRaw = await Skopeo.InspectRawAsync($"{_registry.Host}/library/multi@{child}");
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(childRaw)), Is.EqualTo(child));
    }

    [Test]
    public async Task Publish_SecondTime_IsIdempotent()
    {
        var volume = await _scenario.WriteSimpleVolumeAsync();
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, volume);
        await PublishedBatchFlow.PublishAsync(_highSide, id);
        var target = Path.Combine(_highSide.FilesMirror, "patch.bin");
        var written = File.GetLastWriteTimeUtc(target);

        var again = await PublishedBatchFlow.PublishAsync(_highSide, id);

        Assert.That(again.ArtifactsPublished, Is.Zero);
        Assert.That(File.GetLastWriteTimeUtc(target), Is.EqualTo(written));
        Assert.That(Directory.EnumerateFiles(_highSide.FilesMirror), Has.Exactly(1).Items);
    }

    [Test]
    public async Task Publish_QuarantineAlteredAfterVerification_RefusedAndNothingPublished()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 100_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "patch.bin", 100_000, seed: 2);
        var written = await _scenario.WriteAsync([file, image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, written.VolumeDirectories[0]);
        var stored = new Shared.Storage.ContentStore(_highSide.Data.BatchBlobs(id)).PathOf(file.Digest);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[0] ^= 0xff;
        await File.WriteAllBytesAsync(stored, bytes);

        var outcome = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.QuarantineTampered));
        Assert.That(File.Exists(Path.Combine(_highSide.FilesMirror, "patch.bin")), Is.False);
        var batch = await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.Refused));
    }

    [Test]
    public async Task Publish_ImageLayerAlteredInQuarantine_RefusedAndNeitherLayerNorTagInRegistry()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/tampered", "1.0", 300_000, seed: 11);
        var written = await _scenario.WriteAsync([image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, written.VolumeDirectories[0]);
        var layer = image.Blobs[^1].Digest;
        var stored = new Shared.Storage.ContentStore(_highSide.Data.BatchBlobs(id)).PathOf(layer);
        await using (var file = new FileStream(stored, FileMode.Open, FileAccess.Write))
        {
            file.Seek(-1, SeekOrigin.End);
            file.WriteByte(0x5a);
        }

        var outcome = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.QuarantineTampered));
        Assert.That(outcome.Error?.Message, Does.Contain(layer));
        using var http = new HttpClient { BaseAddress = _registry.BaseUri };
        using var blob = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/library/tampered/blobs/{layer}"));
        using var tag = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "v2/library/tampered/manifests/1.0"));
        Assert.That(blob.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound), "the altered layer was committed");
        Assert.That(tag.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound), "the tag was pushed");
        var batch = await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.Refused));
    }

    [Test]
    public async Task Publish_IncrementalBatch_WaitsForEarlierBatchThenPublishes()
    {
        var v1 = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 200_000, seed: 7);
        var first = await _scenario.WriteAsync([v1], sequence: 1, mediaDirectory: Path.Combine(_scenario.Root, "m1"));
        var v2 = v1 with { Version = "1.1", RequestId = "second" };
        var layer = v1.Blobs[^1].Digest;
        var second = await _scenario.WriteAsync([v2], sequence: 2, present: new HashSet<string> { layer }, mediaDirectory: Path.Combine(_scenario.Root, "m2"));
        var firstId = (await _highSide.ImportAsync(first.VolumeDirectories[0])).Id;

        var waiting = await _highSide.ImportAsync(second.VolumeDirectories[0]);
        Assert.That(waiting.State, Is.EqualTo(BatchStates.WaitingForBlobs));
        Assert.That(waiting.Message, Does.Contain(layer).And.Contain(firstId));

        await PublishedBatchFlow.ApproveAsync(_highSide, firstId);
        await PublishedBatchFlow.PublishAsync(_highSide, firstId);
        var batch = await _highSide.Get<BatchRepository>().FindAsync(waiting.Id, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        await PublishedBatchFlow.ApproveAsync(_highSide, waiting.Id);
        await PublishedBatchFlow.PublishAsync(_highSide, waiting.Id);
        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/library/app:1.1");
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), Is.EqualTo(v2.Digest));
    }

    private static async Task<string> Sha256Async(string path) =>
        "sha256:" + (await Shared.Hashing.Sha256Digest.ComputeFileAsync(path, CancellationToken.None)).Sha256;
}
