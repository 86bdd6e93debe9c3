using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>Signatures found through the referrers API (a fake registry that has it) and the real registry's 404 for it.</summary>
[CancelAfter(60_000)]
public sealed class CosignSignatureFinderTests
{
    private static readonly Digest Image = Digest.Compute("the image manifest"u8);
    private static readonly OciDescriptor Subject = new() { MediaType = OciMediaTypes.ImageManifest, Digest = Image, Size = 18 };

    private FakeReferrersRegistry _fake = null!;
    private HttpClient _http = null!;
    private RegistryClient _client = null!;
    private TestCosignKey _key = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await FakeReferrersRegistry.StartAsync();
        _http = TestRegistryClients.NewHttpClient();
        _client = TestRegistryClients.Create(_http, [_fake.Host], maxAttempts: 1);
        _key = TestCosignKey.EcdsaP256();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _key.Dispose();
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task VerifyAsync_SignatureOnlyAsReferrerOnSecondPage_VerifiedAndTagTriedFirst()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (sbom, sbomBlobs) = SignaturePusher.Build([], Subject, "application/spdx+json");
        var (signature, signatureBlobs) = SignaturePusher.Build(
            [SignatureLayer.For(_key, Image)],
            Subject,
            CosignNames.SignatureArtifactType);
        var sbomEntry = _fake.Add(sbom, sbomBlobs, artifactType: "application/spdx+json");
        var signatureEntry = _fake.Add(signature, signatureBlobs, artifactType: CosignNames.SignatureArtifactType);
        _fake.ReferrerPages = [[sbomEntry], [signatureEntry]];

        var finder = new CosignSignatureFinder(_client);

        var verdict = await finder.VerifyAsync(_fake.Host, FakeReferrersRegistry.Repository, Image, Verifier(), ct);

        Assert.That(verdict.Kind, Is.EqualTo(CosignVerdictKind.Verified), verdict.Message);
        Assert.That(verdict.SignatureManifestDigest, Is.EqualTo(signatureEntry.Digest));
        Assert.That(_fake.Requests[0], Does.EndWith($"/manifests/{CosignNames.Tag(Image, ".sig")}"));
        Assert.That(_fake.Requests, Has.Some.EndsWith($"/referrers/{Image}?page=1"));
    }

    [Test]
    public async Task FindAsync_ReferrerWhoseOwnSubjectIsAnotherImage_Ignored()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var elsewhere = Subject with { Digest = Digest.Compute("another image"u8) };
        // The index claims it refers to Image; the manifest itself says otherwise.
        var (signature, blobs) = SignaturePusher.Build([SignatureLayer.For(_key, Image)], elsewhere, CosignNames.SignatureArtifactType);
        _fake.ReferrerPages = [[_fake.Add(signature, blobs)]];
        var finder = new CosignSignatureFinder(_client);

        var found = await finder.FindAsync(_fake.Host, FakeReferrersRegistry.Repository, Image, ct);
        var verdict = await finder.VerifyAsync(_fake.Host, FakeReferrersRegistry.Repository, Image, Verifier(), ct);

        Assert.That(found, Is.Empty);
        Assert.That(verdict.Kind, Is.EqualTo(CosignVerdictKind.NoSignature));
    }

    [Test]
    public async Task FindAsync_SameManifestAsTagAndReferrer_ListedOnce()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (signature, blobs) = SignaturePusher.Build([SignatureLayer.For(_key, Image)], Subject);
        _fake.ReferrerPages = [[_fake.Add(signature, blobs, tag: CosignNames.Tag(Image, ".sig"))]];

        var found = await new CosignSignatureFinder(_client).FindAsync(_fake.Host, FakeReferrersRegistry.Repository, Image, ct);

        Assert.That(found.Select(f => f.Digest), Is.EqualTo(new[] { Digest.Compute(signature) }));
    }

    [Test]
    public async Task GetReferrersAsync_RealDockerRegistryWithoutTheApi_NullForUnsupported()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var registry = await RegistryProcess.StartAsync(ct);
        var client = TestRegistryClients.Create(_http, [registry.Host]);
        var image = await TestImages.PushImageAsync(registry.Host, "plain/app", "1", [TestLayer.Textual("a", "a")], ct: ct);

        var referrers = await client.GetReferrersAsync(registry.Host, "plain/app", image.ManifestDigest, ct);
        var fakeReferrers = await _client.GetReferrersAsync(_fake.Host, FakeReferrersRegistry.Repository, Image, ct);

        Assert.That(referrers, Is.Null);
        Assert.That(fakeReferrers, Is.Not.Null, "a registry with the API answers 200 with an empty index");
        Assert.That(fakeReferrers!.Manifests, Is.Empty);
    }

    private CosignVerifier Verifier() => new([_key.PublicKey]);
}
