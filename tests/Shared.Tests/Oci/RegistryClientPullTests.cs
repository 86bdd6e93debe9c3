using System.Net;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci;

[CancelAfter(60_000)]
public sealed class RegistryClientPullTests
{
    private RegistryProcess _registry = null!;
    private HttpClient _http = null!;
    private RegistryClient _client = null!;
    private TestImage _single = null!;
    private TestIndex _multiArch = null!;

    [OneTimeSetUp]
    public async Task StartRegistryAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        _http = TestRegistryClients.NewHttpClient();
        _client = TestRegistryClients.Create(_http, [_registry.Host]);
        _single = await TestImages.PushImageAsync(_registry.Host, "pull/single", "1.0", [TestLayer.SharedBase, TestLayer.Textual("app/hello.txt", "hello\n")]);
        _multiArch = await TestImages.PushMultiArchAsync(_registry.Host, "pull/multi", "2.0");
    }

    [OneTimeTearDown]
    public async Task StopRegistryAsync()
    {
        _http?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Test]
    public async Task GetManifestAsync_ByTag_MatchesSkopeoRaw()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var raw = await Skopeo.InspectRawAsync(_single.Reference.ToString(), ct);

        var result = await _client.GetManifestAsync(_single.Reference, ct);

        Assert.That(result.Digest, Is.EqualTo(Digest.Compute(raw)));
        Assert.That(result.Digest, Is.EqualTo(_single.ManifestDigest));
        Assert.That(result.Bytes.ToArray(), Is.EqualTo(raw));
        Assert.That(result.MediaType, Is.EqualTo(OciMediaTypes.ImageManifest));
        Assert.That(result.IsIndex, Is.False);
    }

    [Test]
    public async Task GetManifestAsync_ByDigest_MatchesSkopeoRaw()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var byDigest = _single.Reference.WithDigest(_single.ManifestDigest);
        var raw = await Skopeo.InspectRawAsync(byDigest.ToString(), ct);

        var result = await _client.GetManifestAsync(byDigest, ct);

        Assert.That(result.Digest, Is.EqualTo(Digest.Compute(raw)));
        Assert.That(result.Bytes.ToArray(), Is.EqualTo(raw));
        var manifest = result.ParseManifest();
        Assert.That(manifest.Config.Digest, Is.EqualTo(_single.Config.Digest));
        Assert.That(manifest.Layers.Select(l => l.Digest), Is.EqualTo(_single.Layers.Select(l => l.Digest)));
    }

    [Test]
    public async Task GetManifestAsync_MultiArchIndex_WalksToBothPlatformsAndDownloadsEveryBlob()
    {
        var ct = TestContext.CurrentContext.CancellationToken;

        var indexResult = await _client.GetManifestAsync(_multiArch.Reference, ct);
        var index = indexResult.ParseIndex();

        Assert.That(indexResult.Digest, Is.EqualTo(_multiArch.IndexDigest));
        Assert.That(indexResult.MediaType, Is.EqualTo(OciMediaTypes.ImageIndex));
        Assert.That(index.Manifests.Select(m => m.Platform!.ToString()), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm64" }));
        foreach (var entry in index.Manifests)
        {
            var expected = _multiArch.Images.Single(i => i.ManifestDigest == entry.Digest);
            var manifestResult = await _client.GetManifestAsync(_multiArch.Reference.WithDigest(entry.Digest), ct);
            Assert.That(manifestResult.Bytes.Length, Is.EqualTo(entry.Size));
            var manifest = manifestResult.ParseManifest();
            Assert.That(manifest.Blobs().Select(b => b.Digest), Is.EqualTo(expected.Blobs.Select(b => b.Digest)));
            foreach (var blob in manifest.Blobs())
            {
                using var destination = new MemoryStream();
                var download = await _client.DownloadBlobAsync(_registry.Host, "pull/multi", blob.Digest, destination, blob.Size, null, ct);
                Assert.That(download.Size, Is.EqualTo(blob.Size));
                Assert.That(Digest.Compute(destination.ToArray()), Is.EqualTo(blob.Digest));
            }
        }
    }

    [Test]
    public async Task DownloadBlobAsync_ReportsProgressUpToSize()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var layer = _single.Layers[^1];
        var reports = new List<long>();

        await _client.DownloadBlobAsync(_registry.Host, "pull/single", layer.Digest, Stream.Null, layer.Size, new SynchronousProgress(reports.Add), ct);

        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports[^1], Is.EqualTo(layer.Size));
    }

    [Test]
    public void GetManifestAsync_UnknownTag_ThrowsRegistryExceptionNamingRepositoryAndReference()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var missing = ImageReference.Parse($"{_registry.Host}/pull/single:no-such-tag");

        var ex = Assert.ThrowsAsync<RegistryException>(() => _client.GetManifestAsync(missing, ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ex.Message, Does.Contain("pull/single").And.Contain("no-such-tag").And.Contain(_registry.Host));
        Assert.That(ex.Errors.Select(e => e.Code), Does.Contain("MANIFEST_UNKNOWN"));
        Assert.That(ex.IsTransient, Is.False);
    }

    [Test]
    public void GetManifestAsync_UnknownRepository_ThrowsNotFound()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var missing = ImageReference.Parse($"{_registry.Host}/nobody/here:1");

        var ex = Assert.ThrowsAsync<RegistryException>(() => _client.GetManifestAsync(missing, ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ex.Message, Does.Contain("nobody/here:1"));
    }

    [Test]
    public async Task BlobExistsAsync_PresentAndAbsent()
    {
        var ct = TestContext.CurrentContext.CancellationToken;

        Assert.That(await _client.BlobExistsAsync(_registry.Host, "pull/single", _single.Config.Digest, ct), Is.True);
        Assert.That(await _client.GetBlobSizeAsync(_registry.Host, "pull/single", _single.Config.Digest, ct), Is.EqualTo(_single.Config.Size));
        Assert.That(await _client.BlobExistsAsync(_registry.Host, "pull/single", Digest.Compute([42]), ct), Is.False);
    }

    [Test]
    public async Task ListTagsAsync_ReturnsPushedTag()
    {
        var tags = await _client.ListTagsAsync(_registry.Host, "pull/multi", TestContext.CurrentContext.CancellationToken);

        Assert.That(tags, Is.EqualTo(new[] { "2.0" }));
    }
}
