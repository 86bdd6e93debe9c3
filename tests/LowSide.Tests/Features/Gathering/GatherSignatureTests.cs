using TransferPipeline.Shared.Persistence;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Gathering;

/// <summary>
/// Sources:Registries:N:Cosign:PublicKeys against the real registry: an image from a registry with keys is gathered only
/// with a cosign signature by one of them for the digest the request resolved to; every other case fails the request with
/// signature-required before a layer is downloaded. A registry without keys gathers unsigned images as before.
/// </summary>
[CancelAfter(120_000)]
public sealed class GatherSignatureTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private HttpClient _http = null!;
    private RegistryClient _client = null!;
    private TestCosignKey _ecdsa = null!;
    private TestCosignKey _ed25519 = null!;

    private static string Registry => SharedServers.Registry.Host;

    [OneTimeSetUp]
    public void SetUp()
    {
        _http = TestRegistryClients.NewHttpClient();
        _client = TestRegistryClients.Create(_http, [Registry]);
        _ecdsa = TestCosignKey.EcdsaP256();
        _ed25519 = TestCosignKey.Ed25519();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _http.Dispose();
        _ecdsa.Dispose();
        _ed25519.Dispose();
    }

    [TestCase(true, TestName = "Gather_SignedByTrustedEcdsaKey_GatheredWithKeyAndSignatureInTheAudit")]
    [TestCase(false, TestName = "Gather_SignedByTrustedEd25519Key_GatheredWithKeyAndSignatureInTheAudit")]
    public async Task Gather_SignedByTrustedKey_GatheredWithKeyAndSignatureInTheAudit(bool ecdsa)
    {
        var key = ecdsa ? _ecdsa : _ed25519;
        var image = await PushImageAsync();
        var (signature, _) = await SignAsync(image.ManifestDigest, key, image.ManifestDigest);
        await using var site = await SiteAsync(_ecdsa.PublicPem, _ed25519.PublicPem);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var details = await GatheredAuditAsync(site, request.Id);
        Assert.That(details.GetProperty("signedBy").GetString(), Is.EqualTo(key.PublicKey.KeyId));
        Assert.That(details.GetProperty("signature").GetString(), Is.EqualTo(signature.Value));
    }

    [Test]
    public async Task Cut_SignedImageWithAnAttestation_SignatureAndAttestationShippedAsAttachments()
    {
        var image = await PushImageAsync();
        var (signature, signatureManifest) = await SignAsync(image.ManifestDigest, _ecdsa, image.ManifestDigest);
        var attestationTag = CosignNames.Tag(image.ManifestDigest, CosignNames.AttestationSuffix);
        var pusher = new SignaturePusher(_client, Registry, SingleRepository);
        var (attestation, _) = await pusher.PushAsync(image.ManifestDigest, [], attestationTag);
        await using var site = await SiteAsync(_ecdsa.PublicPem);
        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);

        var cut = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, CancellationToken.None);

        Assert.That(cut.Value?.Status, Is.EqualTo(BatchStatus.Shipped), cut.Error?.Message);
        var volume = Path.Combine(site.Media, "site-a-000001-v001");
        var artifact = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest))).Artifacts.Single();
        Assert.That(artifact.Attachments!.Take(2).Select(a => (a.Kind, a.Tag, a.Digest)), Is.EqualTo(new[]
        {
            (AttachmentKinds.Signature, CosignNames.Tag(image.ManifestDigest, CosignNames.SignatureSuffix), signature.Value),
            (AttachmentKinds.Attestation, attestationTag, attestation.Value),
        }));
        Assert.That(artifact.Attachments!.Skip(2).Select(a => (a.Kind, a.Tag)),
            Is.EqualTo(new[] { (AttachmentKinds.Referrer, (string?)null) }), "then the image's own SBOM");
        var payload = signatureManifest.Layers.Single().Digest;
        Assert.That(artifact.Blobs, Does.Contain(signature.Value).And.Contain(attestation.Value).And.Contain(payload.Value));
        Assert.That(File.Exists(Path.Combine(volume, "blobs", "sha256", payload.Hex)), Is.True, "the signed payload is on the volume");
    }

    [Test]
    public async Task Gather_KeyConfiguredAsAbsolutePathToPemFile_Gathered()
    {
        var image = await PushImageAsync();
        await SignAsync(image.ManifestDigest, _ed25519, image.ManifestDigest);
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var path = Path.Combine(site.Root, "cosign.pub");
        await File.WriteAllTextAsync(path, _ed25519.PublicPem);
        ConfigureKeys(site, path);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
    }

    [Test]
    public async Task Gather_SignedByAnUntrustedKey_FailsSignatureRequired()
    {
        using var stranger = TestCosignKey.EcdsaP256();
        var image = await PushImageAsync();
        await SignAsync(image.ManifestDigest, stranger, image.ManifestDigest);
        await using var site = await SiteAsync(_ecdsa.PublicPem);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        await AssertRefusedAsync(site, request, image, "no signature by a trusted key");
    }

    [Test]
    public async Task Gather_TrustedSignatureForAnotherDigestUnderThisImagesTag_FailsSignatureRequired()
    {
        // The attacker copies a genuine signature of another image to this image's .sig tag.
        var image = await PushImageAsync();
        var other = await PushImageAsync();
        await SignAsync(image.ManifestDigest, _ecdsa, other.ManifestDigest);
        await using var site = await SiteAsync(_ecdsa.PublicPem);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        await AssertRefusedAsync(site, request, image, $"is for image {other.ManifestDigest}");
    }

    [Test]
    public async Task Gather_UnsignedImageFromARegistryWithKeys_FailsSignatureRequired()
    {
        var image = await PushImageAsync();
        await using var site = await SiteAsync(_ecdsa.PublicPem);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        await AssertRefusedAsync(site, request, image, "has no cosign signature");
    }

    [Test]
    public async Task Gather_MultiArchIndexWithOnlyAPlatformManifestSigned_FailsSignatureRequired()
    {
        var index = await PushMultiArchAsync();
        await SignAsync(index.Images[0].ManifestDigest, _ecdsa, index.Images[0].ManifestDigest, MultiRepository);
        await using var site = await SiteAsync(_ecdsa.PublicPem);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(index.Reference.ToString()));

        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.SignatureRequired)));
        Assert.That(request.Failure, Does.Contain(index.IndexDigest.Value));
    }

    [Test]
    public async Task Gather_MultiArchIndexSigned_GatheredWithTheIndexSignature()
    {
        var index = await PushMultiArchAsync();
        var (signature, _) = await SignAsync(index.IndexDigest, _ecdsa, index.IndexDigest, MultiRepository);
        await using var site = await SiteAsync(_ecdsa.PublicPem);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(index.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(index.IndexDigest.Value));
        Assert.That((await GatheredAuditAsync(site, request.Id)).GetProperty("signature").GetString(), Is.EqualTo(signature.Value));
    }

    [Test]
    public async Task Gather_UnsignedImageFromARegistryWithoutKeys_GatheredWithoutASignatureInTheAudit()
    {
        var image = await PushImageAsync();
        await using var site = await TestSite.CreateAsync(Provider, Registry);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var details = await GatheredAuditAsync(site, request.Id);
        var signedBy = details.TryGetProperty("signedBy", out var value) ? value.ValueKind : JsonValueKind.Null;
        Assert.That(signedBy, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("not a key", "is neither a PEM public key")]
    [TestCase("keys/cosign.pub", "is neither a PEM public key")]
    [TestCase("/nonexistent/cosign.pub", "/nonexistent/cosign.pub")]
    [TestCase("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "not a valid SubjectPublicKeyInfo")]
    public async Task Start_CosignKeyThatDoesNotLoad_RefusedNamingTheSetting(string entry, string why)
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        ConfigureKeys(site, _ecdsa.PublicPem, entry);
        var options = await site.GetAsync<IOptions<SourcesOptions>>();

        var refused = Assert.Catch<OptionsValidationException>(() => _ = options.Value);

        Assert.That(refused!.Message, Does.Contain("configuration Sources:Registries:0:Cosign:PublicKeys:1: ").And.Contain(why));
    }

    private const string SingleRepository = "library/signed";
    private const string MultiRepository = "library/signed-multi";

    private static string Tag() => Guid.NewGuid().ToString("N")[..12];

    // A layer unique to the test, so no two tests share an image digest (and so its .sig tag) in the shared registry.
    private static Task<TestImage> PushImageAsync() =>
        TestImages.PushImageAsync(Registry, SingleRepository, Tag(), [TestLayer.Textual("etc/id", Guid.NewGuid() + "\n")]);

    private static Task<TestIndex> PushMultiArchAsync()
    {
        var id = TestLayer.Textual("etc/id", Guid.NewGuid() + "\n");
        return TestImages.PushMultiArchAsync(
            Registry,
            MultiRepository,
            Tag(),
            [id, TestLayer.Textual("etc/arch", "amd64\n")],
            [id, TestLayer.Textual("etc/arch", "arm64\n")]);
    }

    /// <summary>
    /// Pushes to the .sig tag of <paramref name="taggedFor"/> a signature by <paramref name="key"/> over <paramref name="signed"/>.
    /// </summary>
    private Task<(Digest Digest, ImageManifest Manifest)> SignAsync(
        Digest taggedFor,
        TestCosignKey key,
        Digest signed,
        string repository = SingleRepository) =>
        new SignaturePusher(_client, Registry, repository).PushAsync(taggedFor, [SignatureLayer.For(key, signed)]);

    private async Task<TestSite> SiteAsync(params string[] keys)
    {
        var site = await TestSite.CreateAsync(Provider, Registry);
        ConfigureKeys(site, keys);
        return site;
    }

    private static void ConfigureKeys(TestSite site, params string[] keys) =>
        site.Configure(json => json["Sources"]!["Registries"]![0]!["Cosign"] = new JsonObject
        {
            ["PublicKeys"] = new JsonArray([.. keys.Select(k => JsonValue.Create(k))]),
        });

    private static async Task AssertRefusedAsync(TestSite site, ArtifactRequest request, TestImage image, string why)
    {
        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.SignatureRequired)));
        Assert.That(request.Failure, Does.Contain(image.ManifestDigest.Value).And.Contain(why));
        var store = await site.GetAsync<ContentStore>();
        Assert.That(image.Layers.Any(l => store.Contains(l.Digest.Value)), Is.False, "refused before any layer was downloaded");
    }

    private static async Task<JsonElement> GatheredAuditAsync(TestSite site, string requestId)
    {
        await foreach (var entry in (await site.GetAsync<AuditTrail>()).Log.ReadAsync(0, CancellationToken.None))
        {
            if (entry.Action == "request.gathered" && entry.Subject == requestId)
            {
                return JsonDocument.Parse(entry.DetailsJson).RootElement.Clone();
            }
        }

        throw new AssertionException($"no request.gathered entry for {requestId}");
    }
}
