using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

[CancelAfter(60_000)]
public sealed class UpstreamAttachmentsTests
{
    [Test]
    public async Task ListAsync_CosignTagsInRealRegistry_ListsSigAttAndSbomWithTheirDigests()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var registry = await RegistryProcess.StartAsync(ct);
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [registry.Host]);
        using var key = TestCosignKey.Ed25519();
        var image = (await TestImages.PushImageAsync(registry.Host, "att/app", "1", [TestLayer.Textual("a", "a")], ct: ct)).ManifestDigest;
        var pusher = new SignaturePusher(client, registry.Host, "att/app");
        var pushed = new Dictionary<string, Digest>();
        foreach (var suffix in new[] { ".sig", ".att", ".sbom" })
        {
            var layer = SignatureLayer.SignedBy(key, SignatureLayer.CosignPayload(image, "att/app" + suffix));
            pushed[suffix] = (await pusher.PushAsync(image, [layer], CosignNames.Tag(image, suffix), ct: ct)).Digest;
        }

        await pusher.PushAsync(Digest.Compute("other"u8), [SignatureLayer.For(key, image)], ct: ct);

        var attachments = await new UpstreamAttachments(client).ListAsync(registry.Host, "att/app", image, ct);

        Assert.That(attachments.Select(a => (a.Kind, a.Tag, a.Digest)), Is.EqualTo(new[]
        {
            (UpstreamAttachmentKind.SignatureTag, (string?)$"sha256-{image.Hex}.sig", pushed[".sig"]),
            (UpstreamAttachmentKind.AttestationTag, (string?)$"sha256-{image.Hex}.att", pushed[".att"]),
            (UpstreamAttachmentKind.SbomTag, (string?)$"sha256-{image.Hex}.sbom", pushed[".sbom"]),
        }));
        Assert.That(attachments.Select(a => a.MediaType), Is.All.EqualTo(OciMediaTypes.ImageManifest));
    }

    [Test]
    public async Task ListAsync_RegistryWithoutReferrersApi_ReadsTheFallbackIndexTaggedByTheSubject()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var registry = await RegistryProcess.StartAsync(ct);
        using var artifacts = new TestArtifacts(registry.Host);
        var image = await TestImages.PushImageAsync(registry.Host, "att/api", "1", [TestLayer.Textual("a", "a")], ct: ct);
        var subject = new OciDescriptor { MediaType = OciMediaTypes.ImageManifest, Digest = image.ManifestDigest, Size = image.ManifestBytes.Length };
        var sbom = await artifacts.PushManifestAsync("att/api", null, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [("application/vnd.cyclonedx+json", "{}"u8.ToArray())], "application/vnd.cyclonedx+json", subject);
        var manifest = await artifacts.Client.GetManifestAsync(ImageReference.Create(registry.Host, "att/api", null, sbom.Digest), ct);
        await new ReferrersTagFallback(artifacts.Client).RecordAsync(
            registry.Host, "att/api", OciMediaTypes.ImageManifest, manifest.Bytes, new ManifestPushResult(sbom.Digest, false), ct);

        var attachments = await new UpstreamAttachments(artifacts.Client).ListAsync(registry.Host, "att/api", image.ManifestDigest, ct);

        Assert.That(attachments.Select(a => (a.Kind, a.Tag, a.Digest)),
            Is.EqualTo(new[] { (UpstreamAttachmentKind.Referrer, (string?)null, sbom.Digest) }));
        Assert.That(attachments[0].ArtifactType, Is.EqualTo("application/vnd.cyclonedx+json"));
    }

    [Test]
    public async Task ListAsync_RegistryWithReferrersApi_AddsReferrersNotAlreadyTagged()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var fake = await FakeReferrersRegistry.StartAsync();
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [fake.Host], maxAttempts: 1);
        using var key = TestCosignKey.EcdsaP256();
        var image = Digest.Compute("image"u8);
        var subject = new OciDescriptor { MediaType = OciMediaTypes.ImageManifest, Digest = image, Size = 5 };
        var (signature, signatureBlobs) = SignaturePusher.Build([SignatureLayer.For(key, image)], subject);
        var (sbom, sbomBlobs) = SignaturePusher.Build([], subject, "application/spdx+json");
        var tagged = fake.Add(signature, signatureBlobs, tag: CosignNames.Tag(image, ".sig"));
        var sbomEntry = fake.Add(sbom, sbomBlobs, artifactType: "application/spdx+json");
        fake.ReferrerPages = [[tagged, sbomEntry]];

        var attachments = await new UpstreamAttachments(client).ListAsync(fake.Host, FakeReferrersRegistry.Repository, image, ct);

        const string Manifest = OciMediaTypes.ImageManifest;
        const string Spdx = "application/spdx+json";
        Assert.That(attachments, Is.EqualTo(new[]
        {
            new UpstreamAttachment(UpstreamAttachmentKind.SignatureTag, $"sha256-{image.Hex}.sig", tagged.Digest, Manifest, null, signature.Length),
            new UpstreamAttachment(UpstreamAttachmentKind.Referrer, null, sbomEntry.Digest, Manifest, Spdx, sbom.Length),
        }));
    }
}
