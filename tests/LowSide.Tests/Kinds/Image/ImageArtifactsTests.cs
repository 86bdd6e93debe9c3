using TransferPipeline.Shared.Persistence;
using System.Text;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Tests.Kinds.Image;

/// <summary>
/// `request add image` gathers any OCI artifact from the real registry, not only container images: a WASM module, a Helm
/// chart, an OCI 1.1 artifact with the empty config, and indexes of them (nested ones too), with every manifest and blob and
/// no SBOM (they have no tar layers to read); an index listing something that is not a manifest is refused by name.
/// </summary>
[CancelAfter(120_000)]
public sealed class ImageArtifactsTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private const string Repository = "artifacts/any";
    private TestArtifacts _push = null!;

    [OneTimeSetUp]
    public void SetUp() => _push = new TestArtifacts(SharedServers.Registry.Host);

    [OneTimeTearDown]
    public void TearDown() => _push.Dispose();

    [TestCase(TestArtifacts.WasmConfig, TestArtifacts.WasmLayer, null, TestName = "Gather_WasmModule_ManifestConfigAndLayerWithoutAnSbom")]
    [TestCase(TestArtifacts.HelmConfig, TestArtifacts.HelmLayer, null, TestName = "Gather_HelmChartInARegistry_ManifestConfigAndLayerWithoutAnSbom")]
    [TestCase(TestArtifacts.EmptyConfig, "application/vnd.example.policy.v1+json", "application/vnd.example.policy",
        TestName = "Gather_Oci11ArtifactWithEmptyConfig_ManifestConfigAndLayerWithoutAnSbom")]
    public async Task Gather_Artifact_ManifestConfigAndLayerWithoutAnSbom(string configType, string layerType, string? artifactType)
    {
        var config = (configType, "{}"u8.ToArray());
        var layer = (layerType, Unique());
        var tag = TestArtifacts.NewTag();
        var manifest = await _push.PushManifestAsync(Repository, tag, config, [layer], artifactType);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/{Repository}:{tag}"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(manifest.Digest.Value));
        var requests = await site.GetAsync<RequestRepository>();
        var blobs = (await requests.GetBlobsAsync(request.Id, CancellationToken.None)).Select(b => b.Digest);
        string[] expected = [manifest.Digest.Value, Digest.Compute(config.Item2).Value, Digest.Compute(layer.Item2).Value];
        Assert.That(blobs, Is.EqualTo(expected));
        var store = await site.GetAsync<ContentStore>();
        Assert.That(expected.All(store.Contains), Is.True, "every blob is in the store");
        Assert.That(await requests.GetAttachmentsAsync(request.Id, CancellationToken.None), Is.Empty, "no SBOM of an artifact");
    }

    [Test]
    public async Task Gather_IndexOfTwoArtifacts_TheIndexBothManifestsAndTheirBlobs()
    {
        var wasm = await PushWasmAsync();
        var policy = await _push.PushManifestAsync(Repository, null, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [("application/vnd.example.policy.v1+json", Unique())], "application/vnd.example.policy");
        var tag = TestArtifacts.NewTag();
        var index = await _push.PushIndexAsync(Repository, tag, [wasm.Manifest, policy]);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/{Repository}:{tag}"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(index.Digest.Value));
        var requests = await site.GetAsync<RequestRepository>();
        var blobs = (await requests.GetBlobsAsync(request.Id, CancellationToken.None)).Select(b => b.Digest).ToList();
        Assert.That(blobs.Take(3), Is.EqualTo(new[] { index.Digest.Value, wasm.Manifest.Digest.Value, policy.Digest.Value }));
        Assert.That(blobs, Does.Contain(wasm.Layer.Value).And.Contain(Digest.Compute("{}"u8.ToArray()).Value));
        Assert.That(await requests.GetAttachmentsAsync(request.Id, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Gather_IndexNestingAnIndex_EveryManifestGathered()
    {
        var inner = await PushWasmAsync();
        var outer = await PushWasmAsync();
        var nested = await _push.PushIndexAsync(Repository, TestArtifacts.NewTag(), [inner.Manifest]);
        var tag = TestArtifacts.NewTag();
        await _push.PushIndexAsync(Repository, tag, [nested, outer.Manifest]);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/{Repository}:{tag}"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var blobs = (await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None)).Select(b => b.Digest);
        Assert.That(blobs, Is.SupersetOf(new[] { nested.Digest, inner.Manifest.Digest, inner.Layer, outer.Manifest.Digest, outer.Layer }
            .Select(d => d.Value)));
    }

    [Test]
    public async Task Gather_IndexListingAChildThatIsNotAManifest_FailsNamingIt()
    {
        var wasm = await PushWasmAsync();
        var tag = TestArtifacts.NewTag();
        var odd = wasm.Manifest with { MediaType = "application/vnd.oci.artifact.manifest.v1+json" };
        await _push.PushIndexAsync(Repository, tag, [odd]);
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/{Repository}:{tag}"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain(wasm.Manifest.Digest.Value).And.Contain("not an OCI or Docker manifest"));
    }

    private async Task<(OciDescriptor Manifest, Digest Layer)> PushWasmAsync()
    {
        var module = Unique();
        var manifest = await _push.PushManifestAsync(Repository, null, (TestArtifacts.WasmConfig, "{}"u8.ToArray()),
            [(TestArtifacts.WasmLayer, module)]);
        return (manifest, Digest.Compute(module));
    }

    // A WASM module's magic and version, then bytes no other test has.
    private static byte[] Unique() => [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, .. Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())];
}
