using TransferPipeline.Shared.Persistence;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds.Image;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning.Sbom;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Image;

/// <summary>
/// Against the real registry: every gathered image gets a CycloneDX SBOM per platform, stored with an OCI referrer manifest
/// whose subject is that platform's manifest, carried as a `referrer` attachment and shipped in the signed batch.
/// </summary>
[CancelAfter(120_000)]
public sealed class ImageSbomsTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private const string Purl = "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";

    private static readonly TestLayer OsRelease = TestLayer.Textual("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    private static readonly TestLayer DpkgStatus = TestLayer.Textual("var/lib/dpkg/status",
        "Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.11-1~deb12u2\n\n");

    private static string Registry => SharedServers.Registry.Host;

    [Test]
    public async Task Gather_ImageWithDpkgStatus_SbomReferrerOfTheImageListsThePackage()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);

        var (image, request, attachment) = await GatherDebianImageAsync(site);

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That((attachment.Kind, attachment.Tag, attachment.MediaType),
            Is.EqualTo((AttachmentKinds.Referrer, (string?)null, OciMediaTypes.ImageManifest)));
        var store = await site.GetAsync<ContentStore>();
        var referrer = ImageManifest.Parse(await File.ReadAllBytesAsync(store.PathOf(attachment.Digest)));
        Assert.That(referrer.ArtifactType, Is.EqualTo(CycloneDx.MediaType));
        Assert.That(referrer.Subject, Is.EqualTo(new OciDescriptor
        {
            MediaType = OciMediaTypes.ImageManifest,
            Digest = image.ManifestDigest,
            Size = image.ManifestBytes.Length,
        }));
        Assert.That(referrer.Config, Is.EqualTo(SbomReferrer.EmptyConfig));
        Assert.That(await File.ReadAllTextAsync(store.PathOf(referrer.Config.Digest.Value)), Is.EqualTo("{}"));
        Assert.That(referrer.Annotations, Does.ContainKey(SbomReferrer.CreatedAnnotation));
        var sbom = referrer.Layers.Single();
        Assert.That(sbom.MediaType, Is.EqualTo(CycloneDx.MediaType));
        await using (var stream = store.OpenRead(sbom.Digest.Value))
        {
            var contents = await CycloneDxReader.ReadAsync(stream);
            Assert.That(contents.Packages.Select(p => p.Purl), Is.EqualTo(new[] { Purl }));
        }

        var blobs = (await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None))
            .Select(b => b.Digest).ToList();
        Assert.That(blobs[^3..], Is.EqualTo(new[] { attachment.Digest, referrer.Config.Digest.Value, sbom.Digest.Value }),
            "the referrer's blobs follow the image's");
        Assert.That(blobs.All(store.Contains), Is.True);
    }

    [Test]
    public async Task Cut_ImageWithItsSbom_VolumeManifestListsTheReferrerAndItsBlobsAndVerifies()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var (_, _, attachment) = await GatherDebianImageAsync(site);

        var cut = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, CancellationToken.None);

        Assert.That(cut.Value?.Status, Is.EqualTo(BatchStatus.Shipped), cut.Error?.Message);
        var volume = Path.Combine(site.Media, "site-a-000001-v001");
        var artifact = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest))).Artifacts.Single();
        Assert.That(artifact.Attachments, Is.EqualTo(new[] { attachment }));
        var store = await site.GetAsync<ContentStore>();
        var referrer = ImageManifest.Parse(await File.ReadAllBytesAsync(store.PathOf(attachment.Digest)));
        var shipped = referrer.Blobs().Select(b => b.Digest).Prepend(Digest.Parse(attachment.Digest)).ToList();
        Assert.That(artifact.Blobs, Is.SupersetOf(shipped.Select(d => d.Value)));
        Assert.That(shipped.All(d => File.Exists(Path.Combine(volume, "blobs", "sha256", d.Hex))), Is.True, "on the volume");
        var key = (await site.GetAsync<SiteKey>()).LoadPublicKey();
        var verified = await VolumeVerifier.VerifyAsync(volume, [new TrustedSigningKey(key, site.SiteId)],
            new BatchVerificationOptions { Now = DateTimeOffset.UtcNow, Parallelism = 2 });
        Assert.That(verified.IsValid, Is.True, verified.Message);
    }

    [Test]
    public async Task Gather_MultiArchIndex_OneSbomPerPlatformWithThatPlatformAsSubject()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var index = SharedServers.MultiArch;

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(index.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var store = await site.GetAsync<ContentStore>();
        var subjects = (await AttachmentsAsync(site, request))
            .Select(a => ImageManifest.Parse(File.ReadAllBytes(store.PathOf(a.Digest))).Subject!.Digest)
            .ToList();
        Assert.That(subjects, Is.EquivalentTo(index.Images.Select(i => i.ManifestDigest)));
    }

    [Test]
    public async Task Gather_SbomDisabled_NoAttachmentAndNoSbomBlobs()
    {
        var image = await PushAsync([OsRelease, DpkgStatus]);
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        site.Configure(json => json["Scanning"] = new JsonObject { ["Sbom"] = new JsonObject { ["Enabled"] = false } });

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(await AttachmentsAsync(site, request), Is.Empty);
        var blobs = await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None);
        Assert.That(blobs.Select(b => b.Digest), Is.EquivalentTo(image.Layers.Select(l => l.Digest.Value)
            .Prepend(image.Config.Digest.Value).Prepend(image.ManifestDigest.Value)));
    }

    [Test]
    public async Task Gather_SameImageOnTwoSitesWithTheSameClock_ByteIdenticalSbomsAndReferrers()
    {
        var image = await PushAsync([OsRelease, DpkgStatus]);
        var clock = new FakeTimeProvider { UtcNow = new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero) };
        var gathered = new List<(string Referrer, byte[] Sbom)>();
        foreach (var name in new[] { "first", "second" })
        {
            await using var site = await TestSite.CreateAsync(Provider, Registry);
            var services = await site.ServicesAsync(s => s.AddSingleton<TimeProvider>(clock));
            var request = await SubmitAndGatherAsync(services, image);
            var referrer = (await AttachmentsAsync(site, request)).Single().Digest;
            var store = services.GetRequiredService<ContentStore>();
            var sbom = ImageManifest.Parse(await File.ReadAllBytesAsync(store.PathOf(referrer))).Layers.Single().Digest;
            gathered.Add((referrer, await File.ReadAllBytesAsync(store.PathOf(sbom.Value))));
            Assert.That(Encoding.UTF8.GetString(gathered[^1].Sbom), Does.Contain("\"timestamp\": \"2026-11-30T08:15:00Z\""), name);
        }

        Assert.That(gathered[1].Sbom, Is.EqualTo(gathered[0].Sbom));
        Assert.That(gathered[1].Referrer, Is.EqualTo(gathered[0].Referrer));
    }

    [Test]
    public async Task Gather_LayerWithAFileOverItsCap_GatheredWithAnSbomOfTheOtherLayersNamingTheUnreadOne()
    {
        var image = await PushAsync([OsRelease, DpkgStatus, TestLayer.RandomBytes("usr/lib/os-release", 100_000, seed: 7)]);
        await using var site = await TestSite.CreateAsync(Provider, Registry);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var store = await site.GetAsync<ContentStore>();
        var attachment = (await AttachmentsAsync(site, request)).Single();
        var referrer = ImageManifest.Parse(await File.ReadAllBytesAsync(store.PathOf(attachment.Digest)));
        var path = store.PathOf(referrer.Layers.Single().Digest.Value);
        await using (var stream = File.OpenRead(path))
        {
            Assert.That((await CycloneDxReader.ReadAsync(stream)).Packages.Select(p => p.Purl), Is.EqualTo(new[] { Purl }));
        }

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var unread = document.RootElement.GetProperty("metadata").GetProperty("properties").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == CycloneDx.UnreadableLayerProperty)
            .Select(p => p.GetProperty("value").GetString());
        Assert.That(unread, Is.EqualTo(new[] { image.Layers[2].Digest.Value }));
    }

    [Test]
    public async Task RequestShow_GatheredImage_ListsTheSbomReferrerWithItsPackageCount()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var (image, request, attachment) = await GatherDebianImageAsync(site);

        var show = await ProductExecutable.LowSide().WithData(site.Data.Root).RunAsync("request", "show", request.Id, "--json");

        Assert.That(show.ExitCode, Is.Zero, show.StandardError);
        var listed = JsonDocument.Parse(show.StandardOutput).RootElement.GetProperty("attachments").EnumerateArray().Single();
        Assert.That(listed.GetProperty("attachment").GetProperty("digest").GetString(), Is.EqualTo(attachment.Digest));
        Assert.That(listed.GetProperty("subject").GetString(), Is.EqualTo(image.ManifestDigest.Value));
        Assert.That(listed.GetProperty("packages").GetInt32(), Is.EqualTo(1));
    }

    private static async Task<(TestImage Image, ArtifactRequest Request, ManifestAttachment Sbom)> GatherDebianImageAsync(TestSite site)
    {
        var image = await PushAsync([OsRelease, DpkgStatus]);
        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));
        return (image, request, (await AttachmentsAsync(site, request)).Single());
    }

    private static Task<TestImage> PushAsync(IReadOnlyList<TestLayer> layers) =>
        TestImages.PushImageAsync(Registry, "library/sbom", Guid.NewGuid().ToString("N")[..8], layers);

    private static async Task<IReadOnlyList<ManifestAttachment>> AttachmentsAsync(TestSite site, ArtifactRequest request) =>
        await (await site.GetAsync<RequestRepository>()).GetAttachmentsAsync(request.Id, CancellationToken.None);

    private static async Task<ArtifactRequest> SubmitAndGatherAsync(IServiceProvider services, TestImage image)
    {
        var submitted = await services.GetRequiredService<RequestService>().SubmitAsync(
            TestRequests.Image(image.Reference.ToString()), TestCallers.Requester("alice"), CancellationToken.None);
        Assert.That(submitted.IsOk, Is.True, submitted.Error?.Message);
        var gathered = await services.GetRequiredService<GatherService>().GatherAsync(submitted.Value!.Id, CancellationToken.None);
        Assert.That(gathered.Value?.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Value?.Failure);
        return gathered.Value!;
    }
}
