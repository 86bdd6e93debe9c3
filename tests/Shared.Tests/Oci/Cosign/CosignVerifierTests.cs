using System.Text;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>
/// Signatures built as cosign builds them, pushed to a real docker-registry (which has no referrers API, so these
/// go through the .sig tag), and verified through <see cref="CosignSignatureFinder"/>, or from blob files on disk.
/// </summary>
[CancelAfter(60_000)]
public sealed class CosignVerifierTests
{
    private RegistryProcess _registry = null!;
    private HttpClient _http = null!;
    private CountingHandler _requests = null!;
    private RegistryClient _client = null!;
    private TestCosignKey _ecdsa = null!;
    private TestCosignKey _ed25519 = null!;
    private TestCosignKey _stranger = null!;
    private CosignVerifier _verifier = null!;

    [OneTimeSetUp]
    public async Task StartRegistryAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        _requests = new CountingHandler();
        _http = TestRegistryClients.NewHttpClient(_requests);
        _client = TestRegistryClients.Create(_http, [_registry.Host]);
        (_ecdsa, _ed25519, _stranger) = (TestCosignKey.EcdsaP256(), TestCosignKey.Ed25519(), TestCosignKey.EcdsaP256());
        _verifier = new CosignVerifier([_ecdsa.PublicKey, _ed25519.PublicKey]);
    }

    [OneTimeTearDown]
    public async Task StopRegistryAsync()
    {
        _http?.Dispose();
        _requests?.Dispose();
        foreach (var key in new[] { _ecdsa, _ed25519, _stranger })
        {
            key?.Dispose();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [TestCase("ecdsa")]
    [TestCase("ed25519")]
    public async Task VerifyAsync_SignedByTrustedKey_VerifiedWithKeyAndSignatureDigests(string algorithm)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var key = algorithm == "ecdsa" ? _ecdsa : _ed25519;
        var (repository, image) = await PushImageAsync("valid-" + algorithm, ct);
        var layer = SignatureLayer.For(key, image);
        var (signatureDigest, _) = await Pusher(repository).PushAsync(image, [layer], ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        Assert.That(verdict.Kind, Is.EqualTo(CosignVerdictKind.Verified), verdict.Message);
        Assert.That(verdict.ReasonCode, Is.Null);
        Assert.That(verdict.KeyId, Is.EqualTo(key.PublicKey.KeyId));
        Assert.That(verdict.SignatureManifestDigest, Is.EqualTo(signatureDigest));
        Assert.That(verdict.PayloadDigest, Is.EqualTo(Digest.Compute(layer.Payload)));
    }

    [Test]
    public async Task VerifyAsync_SignedByUntrustedKey_NoTrustedSignature()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("stranger", ct);
        await Pusher(repository).PushAsync(image, [SignatureLayer.For(_stranger, image)], ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.NoTrustedSignature, "does not verify under any of the 2 trusted key(s)");
    }

    [Test]
    public async Task VerifyAsync_TrustedSignatureNamesAnotherDigest_SignatureForOtherDigest()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("other-digest", ct);
        var other = Digest.Compute("another image"u8);
        // The signature of another image, copied under this image's .sig tag.
        await Pusher(repository).PushAsync(image, [SignatureLayer.For(_ecdsa, other)], ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.SignatureForOtherDigest, $"is for image {other}");
    }

    [Test]
    public async Task VerifyAsync_NoSignatureTag_NoSignature()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("unsigned", ct);
        // Another image's signature in the same repository must not count.
        await Pusher(repository).PushAsync(Digest.Compute("x"u8), [SignatureLayer.For(_ecdsa, Digest.Compute("x"u8))], ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.NoSignature, "has no cosign signature");
    }

    [Test]
    public async Task VerifyAsync_PayloadBlobTamperedInRegistryStorage_Malformed()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("tampered", ct);
        var layer = SignatureLayer.For(_ecdsa, image);
        await Pusher(repository).PushAsync(image, [layer], ct: ct);
        var blobHex = Digest.Compute(layer.Payload).Hex;
        var stored = Path.Combine(_registry.Directory, "data", "docker", "registry", "v2", "blobs", "sha256", blobHex[..2], blobHex);
        // Same length, one digit of the signed image digest changed: what a registry-side forger would try.
        var forged = Encoding.UTF8.GetString(layer.Payload).Replace(image.Hex, Flip(image.Hex), StringComparison.Ordinal);
        await File.WriteAllBytesAsync(Path.Combine(stored, "data"), Encoding.UTF8.GetBytes(forged), ct);

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.Malformed, "does not match its digest");
    }

    [Test]
    public async Task VerifyAsync_PayloadOver64KiB_MalformedWithoutDownloadingIt()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("oversized", ct);
        var padded = Encoding.UTF8.GetString(SignatureLayer.CosignPayload(image, "registry.test/app"))
            .Replace("\"optional\":null", $"\"optional\":{{\"pad\":\"{new string('x', 70_000)}\"}}", StringComparison.Ordinal);
        var layer = SignatureLayer.SignedBy(_ecdsa, Encoding.UTF8.GetBytes(padded));
        await Pusher(repository).PushAsync(image, [layer], ct: ct);
        _requests.Clear();

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.Malformed, "more than the 65536-byte limit");
        Assert.That(_requests.Requests, Has.None.Contains("/blobs/"));
    }

    [TestCase("not json at all", "not valid JSON")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIGEST"},"type":"atomic sig"}}""",
        "not 'cosign container image signature'")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIGEST"},"type":"TYPE","extra":1}}""",
        "unexpected field 'extra'")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIGEST"},"type":"TYPE","type":"TYPE"}}""",
        "not valid JSON")]
    public async Task VerifyAsync_TrustedSignatureOverInvalidPayload_Malformed(string payloadTemplate, string expected)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var name = "bad-payload-" + Digest.Compute(Encoding.UTF8.GetBytes(payloadTemplate)).Hex[..8];
        var (repository, image) = await PushImageAsync(name, ct);
        var payload = payloadTemplate.Replace("DIGEST", image.Value, StringComparison.Ordinal)
            .Replace("TYPE", CosignNames.PayloadType, StringComparison.Ordinal);
        await Pusher(repository).PushAsync(image, [SignatureLayer.SignedBy(_ed25519, Encoding.UTF8.GetBytes(payload))], ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.Malformed, expected);
    }

    [Test]
    public async Task VerifyAsync_ValidSignatureAmongInvalidOnes_Verified()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("second-valid", ct);
        var valid = SignatureLayer.For(_ed25519, image);
        SignatureLayer[] layers =
        [
            SignatureLayer.For(_stranger, image),
            SignatureLayer.For(_ecdsa, Digest.Compute("elsewhere"u8)),
            new(SignatureLayer.CosignPayload(image, "registry.test/junk"), "not base64!"),
            new(SignatureLayer.CosignPayload(image, "registry.test/none"), null),
            valid,
        ];
        await Pusher(repository).PushAsync(image, layers, ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        Assert.That(verdict.Kind, Is.EqualTo(CosignVerdictKind.Verified), verdict.Message);
        Assert.That(verdict.KeyId, Is.EqualTo(_ed25519.PublicKey.KeyId));
        Assert.That(verdict.PayloadDigest, Is.EqualTo(Digest.Compute(valid.Payload)));
    }

    [Test]
    public async Task VerifyAsync_OnlyInvalidSignatures_ReportsTheClosestAndListsTheRest()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, image) = await PushImageAsync("all-invalid", ct);
        var elsewhere = Digest.Compute("elsewhere"u8);
        SignatureLayer[] layers =
        [
            new(SignatureLayer.CosignPayload(image, "registry.test/none"), null),
            SignatureLayer.For(_stranger, image),
            SignatureLayer.For(_ecdsa, elsewhere),
        ];
        await Pusher(repository).PushAsync(image, layers, ct: ct);

        var verdict = await VerifyAsync(repository, image, ct);

        AssertRefused(verdict, CosignVerdictKind.SignatureForOtherDigest, $"is for image {elsewhere}");
        Assert.That(verdict.Message, Does.Contain("has no dev.cosignproject.cosign/signature annotation"));
        Assert.That(verdict.Message, Does.Contain("does not verify under any of the 2 trusted key(s)"));
    }

    [Test]
    public async Task VerifyAsync_FromBlobFilesOnDisk_VerifiesAndRefusesATamperedFile()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        using var layout = new TempDirectory("cosign-layout");
        var image = Digest.Compute("an image copied to the high side"u8);
        var layer = SignatureLayer.For(_ecdsa, image);
        var payloadDigest = Digest.Compute(layer.Payload);
        var manifest = new CosignSignatureManifest(
            Digest.Compute("signature manifest"u8),
            new ImageManifest
            {
                SchemaVersion = 2,
                Config = new OciDescriptor { MediaType = OciMediaTypes.ImageConfig, Digest = Digest.Compute("{}"u8), Size = 2 },
                Layers =
                [
                    new OciDescriptor
                    {
                        MediaType = CosignNames.SimpleSigningMediaType,
                        Digest = payloadDigest,
                        Size = layer.Payload.Length,
                        Annotations = new Dictionary<string, string> { [CosignNames.SignatureAnnotation] = layer.SignatureBase64! },
                    },
                ],
            });
        var blob = layout.Combine(payloadDigest.Hex);
        await File.WriteAllBytesAsync(blob, layer.Payload, ct);
        Task<Stream> Open(Digest digest, CancellationToken token) => Task.FromResult<Stream>(File.OpenRead(layout.Combine(digest.Hex)));

        var verified = await _verifier.VerifyAsync(image, [manifest], Open, ct);
        await File.WriteAllBytesAsync(blob, [.. layer.Payload.Take(layer.Payload.Length - 1), (byte)' '], ct);
        var tampered = await _verifier.VerifyAsync(image, [manifest], Open, ct);

        Assert.That(verified.Kind, Is.EqualTo(CosignVerdictKind.Verified), verified.Message);
        AssertRefused(tampered, CosignVerdictKind.Malformed, "the payload blob hashes to");
    }

    private static void AssertRefused(CosignVerdict verdict, CosignVerdictKind kind, string messagePart)
    {
        Assert.That(verdict.Kind, Is.EqualTo(kind), verdict.Message);
        Assert.That(verdict.ReasonCode, Is.EqualTo("signature-required"));
        Assert.That(verdict.IsVerified, Is.False);
        Assert.That(verdict.Message, Does.Contain(messagePart));
        Assert.That(verdict.KeyId, Is.Null);
    }

    private static string Flip(string hex) => (hex[0] == '0' ? '1' : '0') + hex[1..];

    private Task<CosignVerdict> VerifyAsync(string repository, Digest image, CancellationToken ct) =>
        new CosignSignatureFinder(_client).VerifyAsync(_registry.Host, repository, image, _verifier, ct);

    private SignaturePusher Pusher(string repository) => new(_client, _registry.Host, repository);

    private async Task<(string Repository, Digest Image)> PushImageAsync(string name, CancellationToken ct)
    {
        var repository = "cosign/" + name;
        var image = await TestImages.PushImageAsync(_registry.Host, repository, "1.0", [TestLayer.Textual("etc/app", name + "\n")], ct: ct);
        return (repository, image.ManifestDigest);
    }
}
