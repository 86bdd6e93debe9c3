using System.Text;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci;

/// <summary>
/// The referrers tag schema against a real docker-registry 2.8 (which has no referrers API), and against a fake registry
/// that has the API, where no fallback tag may be written.
/// </summary>
[CancelAfter(120_000)]
public sealed class ReferrersTagFallbackTests
{
    private const string Sbom = "application/spdx+json";
    private const string EmptyConfig = "application/vnd.oci.empty.v1+json";

    private RegistryProcess _registry = null!;
    private HttpClient _http = null!;
    private RegistryClient _client = null!;
    private ReferrersTagFallback _fallback = null!;

    [OneTimeSetUp]
    public async Task StartRegistryAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        _http = TestRegistryClients.NewHttpClient();
        _client = TestRegistryClients.Create(_http, [_registry.Host]);
        _fallback = new ReferrersTagFallback(_client);
    }

    [OneTimeTearDown]
    public async Task StopRegistryAsync()
    {
        _http.Dispose();
        await _registry.DisposeAsync();
    }

    [TestCase(Sbom, Sbom)]
    [TestCase(null, EmptyConfig)]
    public async Task RecordAsync_RegistryWithoutReferrersApi_ListedUnderSubjectTagWithArtifactTypeAndAnnotations(
        string? artifactType,
        string expectedArtifactType)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, subject) = await PushSubjectAsync(artifactType is null ? "listed-by-config" : "listed", ct);
        var annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2024-05-01T00:00:00Z" };
        var manifest = ReferrerManifest(subject, "sbom", artifactType, annotations);

        var (pushed, outcome) = await PushAndRecordAsync(_registry.Host, repository, manifest, ct);

        Assert.That(pushed.SubjectAcknowledged, Is.False, "docker-registry 2.8 has no referrers API");
        Assert.That(outcome, Is.EqualTo(ReferrersFallbackOutcome.Added));
        var index = await FallbackIndexAsync(repository, subject.Digest, ct);
        Assert.That(index.MediaType, Is.EqualTo(OciMediaTypes.ImageIndex));
        var entry = index.Manifests.Single();
        Assert.That(entry.Digest, Is.EqualTo(pushed.Digest));
        var expected = (OciMediaTypes.ImageManifest, (long)manifest.Length, expectedArtifactType);
        Assert.That((entry.MediaType, entry.Size, entry.ArtifactType), Is.EqualTo(expected));
        Assert.That(entry.Annotations, Is.EqualTo(annotations));
    }

    [Test]
    public async Task RecordAsync_SameReferrerTwice_ListedOnce()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, subject) = await PushSubjectAsync("twice", ct);
        var manifest = ReferrerManifest(subject, "sbom", Sbom);
        var (pushed, first) = await PushAndRecordAsync(_registry.Host, repository, manifest, ct);

        var second = await _fallback.RecordAsync(_registry.Host, repository, OciMediaTypes.ImageManifest, manifest, pushed, ct);

        Assert.That((first, second), Is.EqualTo((ReferrersFallbackOutcome.Added, ReferrersFallbackOutcome.AlreadyListed)));
        var index = await FallbackIndexAsync(repository, subject.Digest, ct);
        Assert.That(index.Manifests.Select(m => m.Digest), Is.EqualTo(new[] { pushed.Digest }));
    }

    [Test]
    public async Task RecordAsync_FallbackIndexWrittenByOthers_TheirEntryAndFieldsKept()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, subject) = await PushSubjectAsync("others", ct);
        var theirs = ReferrerManifest(subject, "signature", "application/vnd.example.sig");
        var theirDigest = (await PushManifestAsync(_registry.Host, repository, theirs, ct)).Digest;
        var tag = ReferrersTagFallback.TagFor(subject.Digest);
        var existing = $$"""
            {"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageIndex}}","annotations":{"org.example/writer":"notation"},
            "manifests":[{"mediaType":"{{OciMediaTypes.ImageManifest}}","digest":"{{theirDigest.Value}}","size":{{theirs.Length}},
            "artifactType":"application/vnd.example.sig","data":"e30="}]}
            """;
        await _client.PutManifestAsync(_registry.Host, repository, tag, OciMediaTypes.ImageIndex, Encoding.UTF8.GetBytes(existing), ct);

        var (pushed, outcome) = await PushAndRecordAsync(_registry.Host, repository, ReferrerManifest(subject, "sbom", Sbom), ct);

        Assert.That(outcome, Is.EqualTo(ReferrersFallbackOutcome.Added));
        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/{repository}:{tag}", ct);
        var index = ImageIndex.Parse(raw);
        Assert.That(index.Manifests.Select(m => (m.Digest, m.ArtifactType)), Is.EqualTo(new[]
        {
            (theirDigest, (string?)"application/vnd.example.sig"),
            (pushed.Digest, (string?)Sbom),
        }));
        Assert.That(index.Annotations, Is.EqualTo(new Dictionary<string, string> { ["org.example/writer"] = "notation" }));
        Assert.That(Encoding.UTF8.GetString(raw), Does.Contain("\"data\":\"e30=\""), "a field this client does not model was dropped");
    }

    [Test]
    public async Task RecordAsync_SubjectlessManifest_NoFallbackTag()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, _) = await PushSubjectAsync("plain", ct);

        var (_, outcome) = await PushAndRecordAsync(_registry.Host, repository, ReferrerManifest(subject: null, "sbom", Sbom), ct);

        Assert.That(outcome, Is.EqualTo(ReferrersFallbackOutcome.NotAReferrer));
        Assert.That(await _client.ListTagsAsync(_registry.Host, repository, ct), Is.EqualTo(new[] { "1" }));
    }

    [Test]
    public async Task RecordAsync_CosignSignatureTagOfTheSubject_LeftAsItWas()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, subject) = await PushSubjectAsync("cosign", ct);
        using var key = TestCosignKey.EcdsaP256();
        var signature = await new SignaturePusher(_client, _registry.Host, repository).PushAsync(
            subject.Digest, [SignatureLayer.For(key, subject.Digest)], ct: ct);

        await PushAndRecordAsync(_registry.Host, repository, ReferrerManifest(subject, "sbom", Sbom), ct);

        var sigTag = CosignNames.Tag(subject.Digest, CosignNames.SignatureSuffix);
        var served = await _client.GetManifestAsync(ImageReference.Create(_registry.Host, repository, sigTag, null), ct);
        Assert.That(served.Digest, Is.EqualTo(signature.Digest));
        var tags = await _client.ListTagsAsync(_registry.Host, repository, ct);
        Assert.That(tags, Is.EquivalentTo(new[] { "1", sigTag, ReferrersTagFallback.TagFor(subject.Digest) }));
    }

    [Test]
    public async Task RecordAsync_FallbackTagHoldsAnImageManifest_RefusedAndTagUnchanged()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        var (repository, subject) = await PushSubjectAsync("squatted", ct);
        var tag = ReferrersTagFallback.TagFor(subject.Digest);
        var squatter = ReferrerManifest(subject: null, "squatter", Sbom);
        var squatterDigest = (await PushManifestAsync(_registry.Host, repository, squatter, ct)).Digest;
        await _client.PutManifestAsync(_registry.Host, repository, tag, OciMediaTypes.ImageManifest, squatter, ct);
        var manifest = ReferrerManifest(subject, "sbom", Sbom);
        var pushed = await PushManifestAsync(_registry.Host, repository, manifest, ct);

        var refusal = Assert.ThrowsAsync<RegistryException>(() =>
            _fallback.RecordAsync(_registry.Host, repository, OciMediaTypes.ImageManifest, manifest, pushed, ct));

        Assert.That(refusal.Message, Does.Contain(tag).And.Contain("not an image index"));
        var served = await _client.GetManifestAsync(ImageReference.Create(_registry.Host, repository, tag, null), ct);
        Assert.That(served.Digest, Is.EqualTo(squatterDigest));
    }

    [TestCase(true, TestName = "RecordAsync_RegistryAnswersWithOciSubject_NoFallbackTag")]
    [TestCase(false, TestName = "RecordAsync_RegistryWithReferrersEndpointButNoOciSubject_NoFallbackTag")]
    public async Task RecordAsync_RegistryWithReferrersApi_NoFallbackTag(bool acknowledgesSubjects)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var fake = await FakeReferrersRegistry.StartAsync();
        fake.AcknowledgesSubjects = acknowledgesSubjects;
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [fake.Host], maxAttempts: 1);
        var subject = new OciDescriptor { MediaType = OciMediaTypes.ImageManifest, Digest = Digest.Compute("image"u8), Size = 5 };
        var manifest = ReferrerManifest(subject, "sbom", Sbom);
        var pushed = await client.PushManifestAsync(fake.Host, FakeReferrersRegistry.Repository, Digest.Compute(manifest).Value,
            OciMediaTypes.ImageManifest, manifest, ct);

        var outcome = await new ReferrersTagFallback(client).RecordAsync(
            fake.Host, FakeReferrersRegistry.Repository, OciMediaTypes.ImageManifest, manifest, pushed, ct);

        Assert.That(pushed.SubjectAcknowledged, Is.EqualTo(acknowledgesSubjects));
        Assert.That(outcome, Is.EqualTo(ReferrersFallbackOutcome.RegistryHasReferrersApi));
        var fallbackRequests = fake.Requests.Where(r => r.Contains("/manifests/sha256-", StringComparison.Ordinal));
        Assert.That(fallbackRequests, Is.Empty, "the fallback tag was read or written");
    }

    private async Task<(string Repository, OciDescriptor Subject)> PushSubjectAsync(string name, CancellationToken ct)
    {
        var repository = $"fallback/{name}";
        var image = await TestImages.PushImageAsync(_registry.Host, repository, "1", [TestLayer.Textual("a", name)], ct: ct);
        var size = image.ManifestBytes.Length;
        return (repository, new OciDescriptor { MediaType = OciMediaTypes.ImageManifest, Digest = image.ManifestDigest, Size = size });
    }

    private async Task<(ManifestPushResult Pushed, ReferrersFallbackOutcome Outcome)> PushAndRecordAsync(
        string registry,
        string repository,
        byte[] manifest,
        CancellationToken ct)
    {
        var pushed = await PushManifestAsync(registry, repository, manifest, ct);
        return (pushed, await _fallback.RecordAsync(registry, repository, OciMediaTypes.ImageManifest, manifest, pushed, ct));
    }

    private async Task<ManifestPushResult> PushManifestAsync(string registry, string repository, byte[] manifest, CancellationToken ct)
    {
        foreach (var blob in new[] { "{}"u8.ToArray(), LayerOf(manifest) })
        {
            await _client.UploadBlobAsync(registry, repository, Digest.Compute(blob), blob.Length, () => new MemoryStream(blob), ct);
        }

        var digest = Digest.Compute(manifest).Value;
        return await _client.PushManifestAsync(registry, repository, digest, OciMediaTypes.ImageManifest, manifest, ct);
    }

    private async Task<ImageIndex> FallbackIndexAsync(string repository, Digest subject, CancellationToken ct)
    {
        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/{repository}:{ReferrersTagFallback.TagFor(subject)}", ct);
        return ImageIndex.Parse(raw);
    }

    // The layer's text is repeated in its annotation, so the blob can be rebuilt from the manifest alone.
    private static byte[] LayerOf(byte[] manifest) =>
        Encoding.UTF8.GetBytes(ImageManifest.Parse(manifest).Layers[0].Annotations!["org.example/content"]);

    private static byte[] ReferrerManifest(
        OciDescriptor? subject,
        string content,
        string? artifactType,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var layer = Encoding.UTF8.GetBytes(content);
        var layerAnnotations = $",\"annotations\":{{\"org.example/content\":\"{content}\"}}";
        var fields = new List<string>
        {
            "\"schemaVersion\":2",
            $"\"mediaType\":\"{OciMediaTypes.ImageManifest}\"",
            $"\"config\":{Descriptor(EmptyConfig, Digest.Compute("{}"u8), 2)}",
            $"\"layers\":[{Descriptor("text/plain", Digest.Compute(layer), layer.Length, layerAnnotations)}]",
        };
        if (artifactType is not null)
        {
            fields.Add($"\"artifactType\":\"{artifactType}\"");
        }

        if (subject is not null)
        {
            fields.Add($"\"subject\":{Descriptor(subject.MediaType, subject.Digest, subject.Size)}");
        }

        if (annotations is not null)
        {
            fields.Add("\"annotations\":{" + string.Join(",", annotations.Select(a => $"\"{a.Key}\":\"{a.Value}\"")) + "}");
        }

        return Encoding.UTF8.GetBytes("{" + string.Join(",", fields) + "}");
    }

    private static string Descriptor(string mediaType, Digest digest, long size, string extra = "") =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{digest.Value}\",\"size\":{size}{extra}}}";
}
