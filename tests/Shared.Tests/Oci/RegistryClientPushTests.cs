using System.Security.Cryptography;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci;

[CancelAfter(60_000)]
public sealed class RegistryClientPushTests
{
    private const int MiB = 1024 * 1024;

    private RegistryProcess _source = null!;
    private RegistryProcess _mirror = null!;
    private string _scratch = null!;

    [OneTimeSetUp]
    public async Task StartRegistriesAsync()
    {
        var starting = new[] { RegistryProcess.StartAsync(), RegistryProcess.StartAsync() };
        var started = await Task.WhenAll(starting);
        (_source, _mirror) = (started[0], started[1]);
        _scratch = Directory.CreateTempSubdirectory("tp-oci-push-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopRegistriesAsync()
    {
        foreach (var registry in new[] { _source, _mirror })
        {
            if (registry is not null)
            {
                await registry.DisposeAsync();
            }
        }

        if (_scratch is not null)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Test]
    public async Task CopyImage_MultiArchRegistryToRegistry_IsByteIdenticalPerSkopeo()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        // A 5 MiB layer with 4 MiB chunks puts the chunked upload path in the copy too.
        var pushed = await TestImages.PushMultiArchAsync(
            _source.Host,
            "copy/app",
            "3.1",
            [TestLayer.SharedBase, TestLayer.RandomBytes("opt/data.bin", 5 * MiB, seed: 31)],
            [TestLayer.SharedBase, TestLayer.Textual("etc/arch", "arm64\n")],
            ct);
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [_source.Host, _mirror.Host], chunkSize: 4 * MiB);

        await CopyAsync(client, pushed.Reference, _mirror.Host, "mirror/app", ct);

        var sourceIndex = await Skopeo.InspectRawAsync(pushed.Reference.ToString(), ct);
        var mirrorIndex = await Skopeo.InspectRawAsync($"{_mirror.Host}/mirror/app:3.1", ct);
        Assert.That(mirrorIndex, Is.EqualTo(sourceIndex));
        Assert.That(Digest.Compute(mirrorIndex), Is.EqualTo(pushed.IndexDigest));
        foreach (var image in pushed.Images)
        {
            var sourceManifest = await Skopeo.InspectRawAsync($"{_source.Host}/copy/app@{image.ManifestDigest.Value}", ct);
            var mirrorManifest = await Skopeo.InspectRawAsync($"{_mirror.Host}/mirror/app@{image.ManifestDigest.Value}", ct);
            Assert.That(mirrorManifest, Is.EqualTo(sourceManifest), image.Platform.ToString());
        }

        Assert.That(pushed.Images[0].Layers[1].Size, Is.GreaterThan(5 * MiB), "random data does not compress");
    }

    [Test]
    public async Task UploadBlobAsync_20MiBWith4MiBChunks_UsesPatchChunksAndRegistryServesSameBytes()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (path, digest, size) = WriteRandomFile(20 * MiB + 12345, seed: 20);
        var counter = new CountingHandler();
        using var http = TestRegistryClients.NewHttpClient(counter);
        var client = TestRegistryClients.Create(http, [_mirror.Host], chunkSize: 4 * MiB);

        var outcome = await client.UploadBlobAsync(_mirror.Host, "chunked/blob", digest, size, () => File.OpenRead(path), ct);

        Assert.That(outcome, Is.EqualTo(BlobUploadOutcome.Uploaded));
        Assert.That(counter.Count(HttpMethod.Post), Is.EqualTo(1));
        Assert.That(counter.Count(HttpMethod.Patch), Is.EqualTo(6), "5 full 4 MiB chunks and one of 12345 bytes");
        Assert.That(counter.Count(HttpMethod.Put), Is.EqualTo(1));
        await using var copy = File.Create(path + ".back");
        var download = await client.DownloadBlobAsync(_mirror.Host, "chunked/blob", digest, copy, size, null, ct);
        Assert.That(download.Size, Is.EqualTo(size));
    }

    [Test]
    public async Task UploadBlobAsync_SmallBlob_UsesSinglePut()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (path, digest, size) = WriteRandomFile(100_000, seed: 1);
        var counter = new CountingHandler();
        using var http = TestRegistryClients.NewHttpClient(counter);
        var client = TestRegistryClients.Create(http, [_mirror.Host], chunkSize: 4 * MiB);

        await client.UploadBlobAsync(_mirror.Host, "mono/blob", digest, size, () => File.OpenRead(path), ct);

        Assert.That(counter.Requests.Select(r => r.Split(' ')[0]), Is.EqualTo(new[] { "HEAD", "POST", "PUT" }));
        Assert.That(await client.GetBlobSizeAsync(_mirror.Host, "mono/blob", digest, ct), Is.EqualTo(size));
    }

    [Test]
    public async Task UploadBlobAsync_BlobAlreadyPresent_SendsOnlyHead()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (path, digest, size) = WriteRandomFile(50_000, seed: 2);
        var counter = new CountingHandler();
        using var http = TestRegistryClients.NewHttpClient(counter);
        var client = TestRegistryClients.Create(http, [_mirror.Host]);
        await client.UploadBlobAsync(_mirror.Host, "skip/blob", digest, size, () => File.OpenRead(path), ct);
        counter.Clear();
        var opened = 0;

        var outcome = await client.UploadBlobAsync(_mirror.Host, "skip/blob", digest, size, () => { opened++; return File.OpenRead(path); }, ct);

        Assert.That(outcome, Is.EqualTo(BlobUploadOutcome.AlreadyPresent));
        Assert.That(counter.Requests, Is.EqualTo(new[] { $"HEAD /v2/skip/blob/blobs/{digest.Value}" }));
        Assert.That(opened, Is.Zero);
    }

    [Test]
    public async Task CopyImage_TwoImagesSharingBaseLayer_SecondCopySkipsSharedBlob()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var first = await TestImages.PushImageAsync(_source.Host, "shared/one", "1", [TestLayer.SharedBase, TestLayer.Textual("one.txt", "one\n")], ct: ct);
        var second = await TestImages.PushImageAsync(_source.Host, "shared/two", "1", [TestLayer.SharedBase, TestLayer.Textual("two.txt", "two\n")], ct: ct);
        Assert.That(second.Layers[0].Digest, Is.EqualTo(first.Layers[0].Digest), "the images must share their base layer");
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [_source.Host, _mirror.Host]);

        var firstOutcomes = await CopyAsync(client, first.Reference, _mirror.Host, "shared/mirror", ct);
        var secondOutcomes = await CopyAsync(client, second.Reference, _mirror.Host, "shared/mirror", ct);

        Assert.That(firstOutcomes[first.Layers[0].Digest], Is.EqualTo(BlobUploadOutcome.Uploaded));
        Assert.That(secondOutcomes[second.Layers[0].Digest], Is.EqualTo(BlobUploadOutcome.AlreadyPresent));
        Assert.That(secondOutcomes[second.Layers[1].Digest], Is.EqualTo(BlobUploadOutcome.Uploaded));
    }

    [Test]
    public void UploadBlobAsync_ContentDoesNotMatchDigest_ThrowsDigestMismatch([Values(1_000, 9 * MiB)] int size)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (path, _, _) = WriteRandomFile(size, seed: 3);
        var claimed = Digest.Compute([1, 2, 3]);
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [_mirror.Host], chunkSize: 4 * MiB);

        var ex = Assert.ThrowsAsync<DigestMismatchException>(
            () => client.UploadBlobAsync(_mirror.Host, "wrong/blob", claimed, size, () => File.OpenRead(path), ct));

        Assert.That(ex!.Expected, Is.EqualTo(claimed));
        Assert.That(ex.Actual, Is.Not.EqualTo(claimed));
    }

    [Test]
    public void UploadBlobAsync_ContentShorterThanSize_ThrowsDigestMismatch()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (path, digest, size) = WriteRandomFile(10_000, seed: 4);
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [_mirror.Host]);

        Assert.ThrowsAsync<DigestMismatchException>(() => client.UploadBlobAsync(_mirror.Host, "short/blob", digest, size + 1, () => File.OpenRead(path), ct));
    }

    [Test]
    public async Task PutManifestAsync_ByDigestBeforeBlobs_IsRefusedWithRegistryError()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var image = await TestImages.PushImageAsync(_source.Host, "orphan/src", "1", [TestLayer.Textual("x", "x\n")], ct: ct);
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [_mirror.Host]);

        var ex = Assert.ThrowsAsync<RegistryException>(() =>
            client.PutManifestAsync(_mirror.Host, "orphan/dst", image.ManifestDigest.Value, OciMediaTypes.ImageManifest, image.ManifestBytes, ct));

        Assert.That(ex!.Errors.Select(e => e.Code), Does.Contain("MANIFEST_BLOB_UNKNOWN"));
        Assert.That(ex.Message, Does.Contain("orphan/dst@" + image.ManifestDigest.Value));
    }

    /// <summary>Copies an image or index: blobs, then child manifests by digest, then the root under its tag.</summary>
    private async Task<Dictionary<Digest, BlobUploadOutcome>> CopyAsync(
        RegistryClient client,
        ImageReference source,
        string mirror,
        string repository,
        CancellationToken ct)
    {
        var outcomes = new Dictionary<Digest, BlobUploadOutcome>();
        var root = await client.GetManifestAsync(source, ct);
        var images = root.IsIndex
            ? await Task.WhenAll(root.ParseIndex().Manifests.Select(m => client.GetManifestAsync(source.WithDigest(m.Digest), ct)))
            : [root];
        foreach (var image in images)
        {
            foreach (var blob in image.ParseManifest().Blobs())
            {
                outcomes[blob.Digest] = await CopyBlobAsync(client, source, blob, mirror, repository, ct);
            }

            if (root.IsIndex)
            {
                await client.PutManifestAsync(mirror, repository, image.Digest.Value, image.MediaType, image.Bytes, ct);
            }
        }

        await client.PutManifestAsync(mirror, repository, source.Tag!, root.MediaType, root.Bytes, ct);
        return outcomes;
    }

    private async Task<BlobUploadOutcome> CopyBlobAsync(
        RegistryClient client,
        ImageReference source,
        OciDescriptor blob,
        string mirror,
        string repository,
        CancellationToken ct)
    {
        if (await client.BlobExistsAsync(mirror, repository, blob.Digest, ct))
        {
            return BlobUploadOutcome.AlreadyPresent;
        }

        var path = Path.Combine(_scratch, Guid.NewGuid().ToString("N"));
        await using (var file = File.Create(path))
        {
            await client.DownloadBlobAsync(source.Registry, source.Repository, blob.Digest, file, blob.Size, null, ct);
        }

        return await client.UploadBlobAsync(mirror, repository, blob.Digest, blob.Size, () => File.OpenRead(path), ct);
    }

    private (string Path, Digest Digest, long Size) WriteRandomFile(long size, int seed)
    {
        var path = Path.Combine(_scratch, Guid.NewGuid().ToString("N"));
        var random = new Random(seed);
        var buffer = new byte[MiB];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = File.Create(path))
        {
            for (var remaining = size; remaining > 0; remaining -= buffer.Length)
            {
                random.NextBytes(buffer);
                var count = (int)Math.Min(buffer.Length, remaining);
                file.Write(buffer, 0, count);
                hash.AppendData(buffer, 0, count);
            }
        }

        return (path, Digest.FromSha256Hash(hash.GetHashAndReset()), size);
    }
}
