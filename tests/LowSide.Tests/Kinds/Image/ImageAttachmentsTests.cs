using TransferPipeline.Shared.Persistence;
using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Scanning.Sbom;
using TransferPipeline.Shared.Tests.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Image;

/// <summary>
/// What points at an image or artifact upstream travels with it from a registry that requires no signature: its cosign
/// .sig tag and its referrers (through a proxy that gives the real registry the referrers API), within the batch's
/// attachment rules, next to the low side's own SBOM; a referrer whose own subject is another image stays upstream, and
/// Gathering:Attachments=false carries nothing but a verified signature.
/// </summary>
[CancelAfter(120_000)]
public sealed class ImageAttachmentsTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private const string Repository = "artifacts/pointed-at";
    private TestArtifacts _push = null!;
    private TestCosignKey _key = null!;
    private ReferrersProxy _proxy = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        _push = new TestArtifacts(SharedServers.Registry.Host);
        _key = TestCosignKey.EcdsaP256();
        _proxy = await ReferrersProxy.StartAsync();
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        await _proxy.DisposeAsync();
        _key.Dispose();
        _push.Dispose();
    }

    [TestCase(false, TestName = "Cut_UnsignedImageWithASigTagAndAnSbomReferrer_BothShippedAsAttachmentsBeforeItsOwnSbom")]
    [TestCase(true, TestName = "Cut_UnsignedWasmModuleWithASigTagAndAnSbomReferrer_BothShippedAsAttachments")]
    public async Task Cut_UnsignedWithASigTagAndAnSbomReferrer_BothShippedAsAttachments(bool wasm)
    {
        var (subject, reference) = wasm ? await PushWasmAsync() : await PushImageAsync();
        var signature = await PushSignatureAsync(subject.Digest);
        var sbom = await PushSbomReferrerAsync(subject);
        _proxy.Add(subject.Digest, sbom.Manifest);
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(reference));
        var cut = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, CancellationToken.None);

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(cut.Value?.Status, Is.EqualTo(BatchStatus.Shipped), cut.Error?.Message);
        var volume = Path.Combine(site.Media, "site-a-000001-v001");
        var artifact = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest))).Artifacts.Single();
        Assert.That(artifact.Attachments!.Take(2).Select(a => (a.Kind, a.Tag, a.Digest)), Is.EqualTo(new[]
        {
            (AttachmentKinds.Signature, CosignNames.Tag(subject.Digest, CosignNames.SignatureSuffix), signature.Value),
            (AttachmentKinds.Referrer, null, sbom.Manifest.Digest.Value),
        }));
        Assert.That(artifact.Attachments!.Count, Is.EqualTo(wasm ? 2 : 3), "an image also gets its own SBOM, an artifact none");
        Assert.That(artifact.Blobs, Does.Contain(sbom.Document.Value));
        Assert.That(File.Exists(Path.Combine(volume, "blobs", "sha256", sbom.Document.Hex)), Is.True, "the upstream SBOM is on the volume");
    }

    [Test]
    public async Task Gather_ReferrerWhoseOwnSubjectIsAnotherImage_NotCarried()
    {
        var (subject, reference) = await PushImageAsync();
        var (other, _) = await PushImageAsync();
        var stranger = await PushSbomReferrerAsync(other);
        _proxy.Add(subject.Digest, stranger.Manifest);
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(reference));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var requests = await site.GetAsync<RequestRepository>();
        var attachments = await requests.GetAttachmentsAsync(request.Id, CancellationToken.None);
        Assert.That(attachments.Select(a => a.Digest), Has.No.Member(stranger.Manifest.Digest.Value));
        Assert.That(attachments, Has.Count.EqualTo(1), "only the low side's own SBOM");
        var blobs = await requests.GetBlobsAsync(request.Id, CancellationToken.None);
        Assert.That(blobs.Select(b => b.Digest), Has.No.Member(stranger.Document.Value));
    }

    [Test]
    public async Task Gather_SigTagHoldingAManifestWhoseSubjectIsAnotherImage_NotCarried()
    {
        // The upstream registry puts, under this image's cosign signature tag, a manifest that names another image as its
        // subject: carried, it would make the high side list it among that other image's referrers.
        var (subject, reference) = await PushImageAsync();
        var (other, _) = await PushImageAsync();
        var tag = CosignNames.Tag(subject.Digest, CosignNames.SignatureSuffix);
        var stranger = await _push.PushManifestAsync(Repository, tag, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [(CycloneDx.MediaType, Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}"))], CycloneDx.MediaType, other);
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(reference));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var attachments = await (await site.GetAsync<RequestRepository>()).GetAttachmentsAsync(request.Id, CancellationToken.None);
        Assert.That(attachments.Select(a => a.Digest), Has.No.Member(stranger.Digest.Value));
        Assert.That(attachments, Has.Count.EqualTo(1), "only the low side's own SBOM");
    }

    [Test]
    public async Task Gather_VerifiedSignatureRewrappedNamingAnotherImage_FailedSignatureRequiredSayingWhyNotGatherAgain()
    {
        // A hostile registry serves cosign's signature of this image (its payload verifies) in a manifest it re-wrapped to
        // name another image as its subject: the high side would refuse that manifest, and no second gather changes it.
        var (subject, reference) = await PushImageAsync();
        var (other, _) = await PushImageAsync();
        var pusher = new SignaturePusher(_push.Client, SharedServers.Registry.Host, Repository);
        var rewrapped = await pusher.PushAsync(subject.Digest, [SignatureLayer.For(_key, subject.Digest)], subject: other);
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);
        site.Configure(json => json["Sources"]!["Registries"]![0]!["Cosign"] = new JsonObject { ["PublicKeys"] = new JsonArray(_key.PublicPem) });

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(reference));

        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.SignatureRequired)), request.Failure);
        Assert.That(request.Failure, Does.Contain(rewrapped.Digest.Value).And.Contain(other.Digest.Value).And.Not.Contain("gather again"));
    }

    [Test]
    public async Task Gather_VerifiedSignatureListedAfterTheCapOfOtherReferrers_GatheredWithTheSignatureCarried()
    {
        // Anyone who may push to the repository can put referrers in front of a signature made in cosign's referrers mode.
        var (subject, reference) = await PushImageAsync();
        for (var i = 0; i < AttachmentKinds.MaxPerArtifact; i++)
        {
            _proxy.Add(subject.Digest, (await PushSbomReferrerAsync(subject)).Manifest);
        }

        var (bytes, blobs) = SignaturePusher.Build([SignatureLayer.For(_key, subject.Digest)], subject, CosignNames.SignatureArtifactType);
        foreach (var (digest, blob) in blobs)
        {
            await _push.Client.UploadBlobAsync(SharedServers.Registry.Host, Repository, digest, blob.Length, () => new MemoryStream(blob),
                CancellationToken.None);
        }

        var signature = await _push.Client.PutManifestAsync(SharedServers.Registry.Host, Repository, TestArtifacts.NewTag(),
            OciMediaTypes.ImageManifest, bytes, CancellationToken.None);
        _proxy.Add(subject.Digest, new OciDescriptor
        {
            MediaType = OciMediaTypes.ImageManifest,
            Digest = signature,
            Size = bytes.Length,
            ArtifactType = CosignNames.SignatureArtifactType,
        });
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);
        site.Configure(json => json["Sources"]!["Registries"]![0]!["Cosign"] = new JsonObject { ["PublicKeys"] = new JsonArray(_key.PublicPem) });

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(reference));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var attachments = await (await site.GetAsync<RequestRepository>()).GetAttachmentsAsync(request.Id, CancellationToken.None);
        Assert.That(attachments.Select(a => a.Digest), Does.Contain(signature.Value));
        Assert.That(attachments, Has.Count.EqualTo(AttachmentKinds.MaxPerArtifact), "the cap still holds, with the signature inside it");
    }

    [Test]
    public async Task Gather_RequestForAReferrerOfAnotherImage_FailedImageIsAReferrer()
    {
        // A requester asks for an "SBOM" under a tag of its own; it names an image as its subject.
        var (other, _) = await PushImageAsync();
        var tag = TestArtifacts.NewTag();
        await _push.PushManifestAsync(Repository, tag, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [(CycloneDx.MediaType, Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}"))], CycloneDx.MediaType, other);
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{_proxy.Host}/{Repository}:{tag}"));

        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.ImageIsAReferrer)), request.Failure);
        Assert.That(request.Failure, Does.Contain(other.Digest.Value));
    }

    [TestCase(false, TestName = "Gather_AttachmentsOffFromARegistryWithoutKeys_NoneCarried")]
    [TestCase(true, TestName = "Gather_AttachmentsOffFromARegistryWithKeys_OnlyTheVerifiedSignature")]
    public async Task Gather_AttachmentsOff_AtMostTheVerifiedSignature(bool keys)
    {
        var (subject, reference) = await PushWasmAsync();
        var signature = await PushSignatureAsync(subject.Digest);
        var sbom = await PushSbomReferrerAsync(subject);
        _proxy.Add(subject.Digest, sbom.Manifest);
        await using var site = await TestSite.CreateAsync(Provider, _proxy.Host);
        site.Configure(json =>
        {
            json["Gathering"]!["Attachments"] = false;
            if (keys)
            {
                json["Sources"]!["Registries"]![0]!["Cosign"] = new JsonObject { ["PublicKeys"] = new JsonArray(_key.PublicPem) };
            }
        });

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(reference));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var attachments = await (await site.GetAsync<RequestRepository>()).GetAttachmentsAsync(request.Id, CancellationToken.None);
        Assert.That(attachments.Select(a => a.Digest), Is.EqualTo(keys ? new[] { signature.Value } : []));
    }

    private async Task<(OciDescriptor Manifest, string Reference)> PushImageAsync()
    {
        var tag = TestArtifacts.NewTag();
        var image = await TestImages.PushImageAsync(SharedServers.Registry.Host, Repository, tag,
            [TestLayer.Textual("etc/id", Guid.NewGuid() + "\n")]);
        var manifest = new OciDescriptor
        {
            MediaType = OciMediaTypes.ImageManifest,
            Digest = image.ManifestDigest,
            Size = image.ManifestBytes.Length,
        };
        return (manifest, $"{_proxy.Host}/{Repository}:{tag}");
    }

    private async Task<(OciDescriptor Manifest, string Reference)> PushWasmAsync()
    {
        var tag = TestArtifacts.NewTag();
        var manifest = await _push.PushManifestAsync(Repository, tag, (TestArtifacts.WasmConfig, "{}"u8.ToArray()),
            [(TestArtifacts.WasmLayer, [0x00, 0x61, 0x73, 0x6d, .. Guid.NewGuid().ToByteArray()])]);
        return (manifest, $"{_proxy.Host}/{Repository}:{tag}");
    }

    private async Task<Digest> PushSignatureAsync(Digest subject)
    {
        var pusher = new SignaturePusher(_push.Client, SharedServers.Registry.Host, Repository);
        return (await pusher.PushAsync(subject, [SignatureLayer.For(_key, subject)])).Digest;
    }

    // As `oras attach` or `cosign attach sbom --registry-referrers-mode=oci-1-1` would: pushed by digest, found only as a referrer.
    private async Task<(OciDescriptor Manifest, Digest Document)> PushSbomReferrerAsync(OciDescriptor subject)
    {
        var document = Encoding.UTF8.GetBytes($$"""{"bomFormat":"CycloneDX","specVersion":"1.5","serialNumber":"urn:uuid:{{Guid.NewGuid()}}"}""");
        var manifest = await _push.PushManifestAsync(Repository, null, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [(CycloneDx.MediaType, document)], CycloneDx.MediaType, subject);
        return (manifest, Digest.Compute(document));
    }
}
