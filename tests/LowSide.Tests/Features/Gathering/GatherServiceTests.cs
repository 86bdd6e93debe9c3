using TransferPipeline.Shared.Persistence;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Kinds.Chart;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Gathering;

public sealed class GatherServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [Test]
    public async Task Gather_MultiArchIndex_StoresIndexBothImagesAndEveryBlob()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);
        var index = SharedServers.MultiArch;

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(index.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(index.IndexDigest.Value));
        var blobs = await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None);
        var expected = new[] { index.IndexDigest.Value }
            .Concat(index.Images.Select(i => i.ManifestDigest.Value))
            .Concat(index.Images.SelectMany(i => i.Blobs).Select(b => b.Digest.Value))
            .Distinct().ToList();
        // Each platform's SBOM referrer follows the image's blobs (ImageSbomsTests).
        Assert.That(blobs.Take(expected.Count).Select(b => b.Digest), Is.EquivalentTo(expected));
        Assert.That(blobs[0].Digest, Is.EqualTo(index.IndexDigest.Value), "root first");
        var store = await site.GetAsync<ContentStore>();
        Assert.That(expected.All(store.Contains), Is.True);
    }

    [Test]
    public async Task Gather_ManyLayersDownloadedInParallel_RecordsEveryBlobInManifestOrder()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);
        var layers = Enumerable.Range(0, 12).Select(i => TestLayer.Textual($"etc/layer{i}", $"layer {i}\n")).ToList();
        var image = await TestImages.PushImageAsync(SharedServers.Registry.Host, "library/layered", "1.0", layers);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var blobs = await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None);
        var expected = image.Blobs.Select(b => b.Digest.Value).Prepend(image.ManifestDigest.Value).ToList();
        Assert.That(blobs.Take(expected.Count).Select(b => b.Digest), Is.EqualTo(expected), "then the SBOM referrer's blobs");
        var store = await site.GetAsync<ContentStore>();
        Assert.That(expected.All(store.Contains), Is.True);
    }

    [Test]
    public async Task Gather_PlatformNarrowedToOne_ShipsThatImageOnly()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);
        var arm = SharedServers.MultiArch.Images.Single(i => i.Platform.Architecture == "arm64");

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.MultiArch.Reference.ToString(), "linux/arm64"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(arm.ManifestDigest.Value));
        var blobs = await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None);
        var expected = arm.Blobs.Select(b => b.Digest.Value).Prepend(arm.ManifestDigest.Value).ToList();
        Assert.That(blobs.Take(expected.Count).Select(b => b.Digest), Is.EquivalentTo(expected), "then the SBOM referrer's blobs");
        var referrer = (await (await site.GetAsync<RequestRepository>()).GetAttachmentsAsync(request.Id, CancellationToken.None)).Single();
        Assert.That(blobs[expected.Count].Digest, Is.EqualTo(referrer.Digest), "one SBOM, of the one platform shipped");
    }

    [Test]
    public async Task Gather_PlatformNotInIndex_FailsNamingWhatIsOffered()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.MultiArch.Reference.ToString(), "linux/s390x"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("linux/s390x").And.Contain("linux/amd64"));
    }

    [Test]
    public async Task Gather_PlatformWithoutItsVariantMatchingTwoOfThreeImages_FailsNamingThem()
    {
        // linux/arm matches arm/v6 and arm/v7: shipped, the index would name a third image the batch does not carry.
        var images = SharedServers.MultiArch.Images;
        using var push = new TestArtifacts(SharedServers.Registry.Host);
        var tag = TestArtifacts.NewTag();
        await push.PushIndexAsync("library/multi", tag,
        [
            Entry(images[0], "arm", "v6"),
            Entry(images[1], "arm", "v7"),
            Entry(images[0], "amd64", null),
        ]);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/library/multi:{tag}", "linux/arm"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("matches 2 of the index's 3").And.Contain("linux/arm/v6").And.Contain("linux/arm/v7"));

        static OciDescriptor Entry(TestImage image, string architecture, string? variant) => new()
        {
            MediaType = OciMediaTypes.ImageManifest,
            Digest = image.ManifestDigest,
            Size = image.ManifestBytes.Length,
            Platform = new OciPlatform { Os = "linux", Architecture = architecture, Variant = variant },
        };
    }

    [Test]
    public async Task Gather_TagThatDoesNotExist_FailsWithReason()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/library/app:9.9"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Is.Not.Empty);
    }

    [Test]
    public async Task Gather_PlainHttpRegistryNotMarkedPlainHttp_FailsNamingTheCauseAndTheSetting()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);
        site.Configure(json => json["Sources"]!["Registries"] = new JsonArray());

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain($"no TLS connection to registry {SharedServers.Registry.Host}")
            .And.Contain("\"PlainHttp\": true").And.Contain("Sources:Registries").And.Not.Contain("see inner exception"));
    }

    [Test]
    public async Task Gather_FileWithMatchingSha256_Stored()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var url = SharedServers.Files.Write("files/tool-1.bin", content);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url, Sha256Hex(content)));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo("sha256:" + Sha256Hex(content)));
        Assert.That((await site.GetAsync<ContentStore>()).Contains(request.ResolvedDigest!), Is.True);
    }

    [Test]
    public async Task Gather_FileWithWrongSha256_RefusedAndNothingStored()
    {
        var content = Encoding.UTF8.GetBytes("tampered content");
        var url = SharedServers.Files.Write("files/tool-2.bin", content);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url, new string('0', 64)));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("sha256"));
        var store = await site.GetAsync<ContentStore>();
        Assert.That(store.Contains("sha256:" + Sha256Hex(content)), Is.False);
        Assert.That(Directory.EnumerateFiles(Path.Combine(store.Root, "incoming")), Is.Empty);
    }

    [Test]
    public async Task Gather_FileServerThatNeverEndsItsAnswer_RefusedPastMaxDownloadBytesAndNothingLeft()
    {
        // A hostile mirror on an allowed prefix: chunked, no length, and no end.
        await using var endless = await FakeRegistryServer.StartAsync(async context =>
        {
            var chunk = new byte[64 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        await using var site = await TestSite.CreateAsync(Provider, endless.BaseUri + "files/");
        site.Configure(json => (json["Gathering"] ??= new JsonObject())["MaxDownloadBytes"] = 2 * 1024 * 1024);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(endless.BaseUri + "files/endless.iso"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("sent more than Gathering:MaxDownloadBytes (2097152 bytes)"));
        var store = await site.GetAsync<ContentStore>();
        Assert.That(Directory.EnumerateFiles(Path.Combine(store.Root, "incoming")), Is.Empty);
        Assert.That(endless.Requests, Has.Count.EqualTo(1), "refused, not retried");
    }

    [Test]
    public async Task Gather_FileServerThatStopsSendingHalfWay_FailsAfterTheStallTimeoutRetriedAndNothingLeft()
    {
        // A mirror that announces its length, sends a little and then holds the connection open without a word.
        await using var stalling = await FakeRegistryServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 1024 * 1024;
            await context.Response.Body.WriteAsync(new byte[1000], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var site = await TestSite.CreateAsync(Provider, stalling.BaseUri + "files/");
        site.Configure(json => json["Gathering"] = new JsonObject { ["StallTimeout"] = "00:00:01", ["MaxAttempts"] = 2, ["RetryBaseDelay"] = "00:00:00.1" });

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(stalling.BaseUri + "files/stalled.iso"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("could not be downloaded after retries").And.Contain("sent nothing for 1 s after 1000 bytes"));
        var store = await site.GetAsync<ContentStore>();
        Assert.That(Directory.EnumerateFiles(Path.Combine(store.Root, "incoming")), Is.Empty);
        Assert.That(stalling.Requests, Has.Count.EqualTo(2), "a stall is retried like a broken connection");
    }

    [Test]
    public async Task Gather_FileAnnouncedLargerThanMaxDownloadBytes_RefusedBeforeItsBody()
    {
        await using var large = await FakeRegistryServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 3 * 1024 * 1024;
            await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
        });
        await using var site = await TestSite.CreateAsync(Provider, large.BaseUri + "files/");
        site.Configure(json => (json["Gathering"] ??= new JsonObject())["MaxDownloadBytes"] = 2 * 1024 * 1024);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(large.BaseUri + "files/large.iso"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("is 3145728 bytes, more than Gathering:MaxDownloadBytes (2097152)"));
    }

    [Test]
    public async Task Gather_MissingFile_FailsWith404()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Prefix + "files/absent.bin"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain("404"));
    }

    [Test]
    public async Task Gather_ChartFromRepositoryIndex_StoresTheArchiveCheckedAgainstTheIndexDigest()
    {
        var archive = new TestChart("nginx", "1.2.3").File("values.yaml", "replicaCount: 1\n").ToArchive();
        SharedServers.Files.Write("charts/nginx-1.2.3.tgz", archive);
        SharedServers.Files.Write("charts/index.yaml", Encoding.UTF8.GetBytes($"""
            apiVersion: v1
            entries:
              nginx:
                - name: nginx
                  version: 1.2.3
                  digest: {Sha256Hex(archive)}
                  urls:
                    - nginx-1.2.3.tgz
                - name: nginx
                  version: 1.2.2
                  urls:
                    - nginx-1.2.2.tgz
            generated: "2026-11-01T00:00:00Z"
            """));
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "charts/");

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(SharedServers.Files.Prefix + "charts/", "nginx", "1.2.3"));
        var missing = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(SharedServers.Files.Prefix + "charts/", "nginx", "9.9.9"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo("sha256:" + Sha256Hex(archive)));
        Assert.That(missing.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(missing.Failure, Does.Contain("9.9.9"));
    }
}
