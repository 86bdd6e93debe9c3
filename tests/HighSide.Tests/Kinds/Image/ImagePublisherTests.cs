using TransferPipeline.Shared.Persistence;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.Image;

/// <summary>
/// Referrers published to a real docker-registry 2.8, which has no referrers API: they are listed under the referrers
/// tag schema's <c>sha256-&lt;hex&gt;</c> index so clients still find them by their subject.
/// </summary>
[OnBothProviders]
public sealed class ImagePublisherTests(DatabaseProvider provider) : RegistryScenarioTests(provider)
{
    private const string SbomType = "application/spdx+json";

    [Test]
    public async Task Publish_ImageWithReferrer_ReferrerListedInFallbackIndexWithItsArtifactType()
    {
        using var key = TestCosignKey.EcdsaP256();
        var plain = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/sbom", "1.0", 20_000, seed: 21);
        var image = await SignedImages.AttachReferrerAsync(Scenario.Store, plain, [SignatureLayer.For(key, Digest.Parse(plain.Digest))], SbomType);

        await PublishAsync(image);

        var referrer = image.Attachments.Single();
        var index = await FallbackIndexAsync("library/sbom", image.Digest);
        Assert.That(index.Manifests.Select(m => (m.Digest.Value, m.MediaType, m.ArtifactType)), Is.EqualTo(new[]
        {
            (referrer.Digest, OciMediaTypes.ImageManifest, (string?)SbomType),
        }));
        Assert.That(await ServedDigestAsync($"library/sbom@{referrer.Digest}"), Is.EqualTo(referrer.Digest));
    }

    [Test]
    public async Task PublishAsync_RetriedAfterAnInterruptedPublish_ReferrerListedOnce()
    {
        using var key = TestCosignKey.EcdsaP256();
        var plain = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/retried", "1.0", 20_000, seed: 22);
        var image = await SignedImages.AttachReferrerAsync(Scenario.Store, plain, [SignatureLayer.For(key, Digest.Parse(plain.Digest))], SbomType);
        var id = await PublishAsync(image);
        var batch = await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        var target = (await HighSide.Get<PublishPlanner>().PlanAsync(batch!, CancellationToken.None)).Value!.Targets.Single();

        // What a publish resumed after a crash does: the artifact not yet recorded as published is pushed again, whole.
        var publisher = HighSide.Services.GetRequiredKeyedService<IArtifactPublisher>(ArtifactKinds.Image);
        await publisher.PublishAsync(id, target.Artifact, CancellationToken.None);

        var index = await FallbackIndexAsync("library/retried", image.Digest);
        Assert.That(index.Manifests.Select(m => m.Digest.Value), Is.EqualTo(new[] { image.Attachments.Single().Digest }));
    }

    [Test]
    public async Task Publish_CosignSignatureWithSubject_ListedInFallbackIndexAndKeptUnderItsCosignTag()
    {
        using var key = TestCosignKey.EcdsaP256();
        var plain = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/cosign11", "1.0", 20_000, seed: 23);
        var layers = new[] { SignatureLayer.For(key, Digest.Parse(plain.Digest)) };
        var image = await SignedImages.AttachReferrerAsync(
            Scenario.Store, plain, layers, CosignNames.SignatureArtifactType, AttachmentKinds.Signature);

        await PublishAsync(image);

        var signature = image.Attachments.Single();
        Assert.That(signature.Tag, Is.EqualTo(CosignNames.Tag(Digest.Parse(image.Digest), CosignNames.SignatureSuffix)));
        Assert.That(await ServedDigestAsync($"library/cosign11:{signature.Tag}"), Is.EqualTo(signature.Digest));
        var index = await FallbackIndexAsync("library/cosign11", image.Digest);
        Assert.That(index.Manifests.Select(m => (m.Digest.Value, m.ArtifactType)), Is.EqualTo(new[]
        {
            (signature.Digest, (string?)CosignNames.SignatureArtifactType),
        }));
    }

    [Test]
    public async Task Publish_SubjectlessCosignSignature_NoFallbackTag()
    {
        using var key = TestCosignKey.EcdsaP256();
        var plain = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/classic", "1.0", 20_000, seed: 24);
        var image = await SignedImages.AttachSignatureAsync(Scenario.Store, plain, [SignatureLayer.For(key, Digest.Parse(plain.Digest))]);

        await PublishAsync(image);

        using var http = TestRegistryClients.NewHttpClient();
        var tags = await TestRegistryClients.Create(http, [Registry.Host]).ListTagsAsync(Registry.Host, "library/classic");
        Assert.That(tags, Is.EquivalentTo(new[] { "1.0", image.Attachments.Single().Tag }));
    }

    private async Task<string> PublishAsync(BatchArtifactInput image)
    {
        var written = await Scenario.WriteAsync([image]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);
        await PublishedBatchFlow.PublishAsync(HighSide, id);
        return id;
    }

    private async Task<ImageIndex> FallbackIndexAsync(string repository, string subject)
    {
        var tag = ReferrersTagFallback.TagFor(Digest.Parse(subject));
        return ImageIndex.Parse(await Skopeo.InspectRawAsync($"{Registry.Host}/{repository}:{tag}"));
    }
}
