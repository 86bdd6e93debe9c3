using System.Text;
using System.Text.Json;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// Any OCI artifact, not only images, through the `lowside` and `highside` executables: a WASM module is requested like an
/// image and published byte-identical, and an image's SBOM referrer (a manifest whose subject is the image) travels with it
/// and is found by its subject on a mirror without the referrers API, through the tag fallback the OCI spec defines.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class OciArtifactsPipelineTests : PipelineFixture
{
    private const string CycloneDx = "application/vnd.cyclonedx+json";

    [Test]
    [CancelAfter(240_000)]
    public async Task ArtifactRequests_WasmModuleAndImageWithReferrer_PublishedAndReferrerFoundBySubject()
    {
        var source = Upstream.Source.Host;
        var mirror = Upstream.Mirror.Host;
        using var artifacts = new TestArtifacts(source);
        var wasm = await artifacts.PushManifestAsync("demo/filter", "1.0",
            (TestArtifacts.WasmConfig, Encoding.UTF8.GetBytes("""{"architecture":"wasm","os":"wasip1"}""")),
            [(TestArtifacts.WasmLayer, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])]);
        var api = await TestImages.PushImageAsync(source, "demo/api", "1.0", [TestLayer.Textual("srv/api", "api 1.0\n")]);
        var subject = new OciDescriptor { MediaType = OciMediaTypes.ImageManifest, Digest = api.ManifestDigest, Size = api.ManifestBytes.Length };
        var sbom = await artifacts.PushManifestAsync("demo/api", null, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [(CycloneDx, Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}"""))], CycloneDx, subject);
        // The source registry has no referrers API either: `oras attach` lists the SBOM in the fallback index, as here.
        var sbomManifest = await artifacts.Client.GetManifestAsync(ImageReference.Create(source, "demo/api", null, sbom.Digest));
        await new ReferrersTagFallback(artifacts.Client).RecordAsync(
            source, "demo/api", OciMediaTypes.ImageManifest, sbomManifest.Bytes, new ManifestPushResult(sbom.Digest, SubjectAcknowledged: false));
        var low = Sites.Low;

        await low.SucceedAsync("request", "add", "image", $"{source}/demo/filter:1.0", "--justification", "proxy filter");
        await low.SucceedAsync("request", "add", "image", $"{source}/demo/api:1.0", "--justification", "api");
        await low.SucceedAsync("gather");
        await Sites.ShipFirstBatchAsync();

        var published = await Skopeo.InspectRawAsync($"{mirror}/demo/filter:1.0");
        Assert.That(Digest.Compute(published), Is.EqualTo(wasm.Digest), "the WASM module's manifest, byte-identical");
        Assert.That(await Skopeo.InspectRawAsync($"{mirror}/demo/api:1.0"), Is.EqualTo(api.ManifestBytes));
        using var fallback = JsonDocument.Parse(await Skopeo.InspectRawAsync($"{mirror}/demo/api:sha256-{api.ManifestDigest.Hex}"));
        var referrers = fallback.RootElement.GetProperty("manifests").EnumerateArray()
            .ToDictionary(m => m.GetProperty("digest").GetString()!, m => m.GetProperty("artifactType").GetString());
        Assert.That(referrers, Does.ContainKey(sbom.Digest.Value), "the upstream SBOM referrer, found by its subject on the mirror");
        Assert.That(referrers[sbom.Digest.Value], Is.EqualTo(CycloneDx));
    }
}
