using TransferPipeline.Shared.Persistence;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
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

    [Test]
    public async Task Import_LaterBatchAttachesAFakeSbomToAnImageAnEarlierBatchPublished_RefusedImageSubjectForeignAndNotListed()
    {
        using var key = TestCosignKey.EcdsaP256();
        var victim = await PublishedEarlierAsync("library/victim", seed: 25);
        // The second batch's plan says "image library/victim:2.0 with referrer:<digest>"; the referrer's subject is 1.0.
        var carrier = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/victim", "2.0", 20_000, seed: 26);
        var attack = await SignedImages.AttachReferrerOfAsync(
            Scenario.Store, carrier, SignedImages.SubjectFor(victim), [SignatureLayer.For(key, Digest.Parse(victim.Digest))], SbomType);

        var (imported, published, tags) = await ImportAndPublishSecondBatchAsync(attack, "library/victim");

        Assert.That((imported.State, imported.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.ImageSubjectForeign)), imported.Message);
        Assert.That(imported.Message, Does.Contain(victim.Digest));
        Assert.That(published.Error?.Code, Is.EqualTo(PublishReasons.NotPublishable).Or.EqualTo(PublishReasons.NotApproved), published.Error?.Message);
        Assert.That(tags, Has.None.EqualTo(ReferrersTagFallback.TagFor(Digest.Parse(victim.Digest))), "no referrer listed for 1.0");
        Assert.That(tags, Has.None.EqualTo("2.0"));
    }

    [Test]
    public async Task Import_ImageThatIsItselfAReferrerOfAnImageAnEarlierBatchPublished_RefusedImageSubjectForeign()
    {
        using var key = TestCosignKey.EcdsaP256();
        var victim = await PublishedEarlierAsync("library/target", seed: 27);
        var attack = await SignedImages.ReferrerImageAsync(Scenario.Store, "library/target", "sbom", SignedImages.SubjectFor(victim),
            [SignatureLayer.For(key, Digest.Parse(victim.Digest))], SbomType);

        var (imported, _, tags) = await ImportAndPublishSecondBatchAsync(attack, "library/target");

        Assert.That((imported.State, imported.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.ImageSubjectForeign)), imported.Message);
        Assert.That(tags, Has.None.EqualTo(ReferrersTagFallback.TagFor(Digest.Parse(victim.Digest))));
        Assert.That(tags, Has.None.EqualTo("sbom"));
    }

    [Test]
    public async Task Import_AttachmentNamingTheSubjectUnderAKeyInCapitals_RefusedImageManifestInvalid()
    {
        // "Subject" is not "subject" to this parser, so no subject check would see it; Go's encoding/json, which registries
        // with the referrers API read manifests with, takes it for the subject and lists the attachment under 1.0.
        using var key = TestCosignKey.EcdsaP256();
        var victim = await PublishedEarlierAsync("library/cased", seed: 28);
        var carrier = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/cased", "2.0", 20_000, seed: 29);
        var attack = await SignedImages.AttachReferrerOfAsync(
            Scenario.Store, carrier, SignedImages.SubjectFor(victim), [SignatureLayer.For(key, Digest.Parse(victim.Digest))], SbomType,
            manifest => manifest.Replace("\"subject\":", "\"Subject\":", StringComparison.Ordinal));

        var (imported, _, _) = await ImportAndPublishSecondBatchAsync(attack, "library/cased");

        Assert.That((imported.State, imported.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.ImageManifestInvalid)), imported.Message);
        Assert.That(imported.Message, Does.Contain("'Subject'"));
    }

    [Test]
    public async Task Import_IndexWithAPlatformThatIsAReferrerOfAnImageAnEarlierBatchPublished_RefusedImageSubjectForeign()
    {
        using var key = TestCosignKey.EcdsaP256();
        var victim = await PublishedEarlierAsync("library/indexed", seed: 30);
        var amd64 = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/indexed", "2.0-amd64", 20_000, seed: 31);
        var fake = await SignedImages.ReferrerImageAsync(Scenario.Store, "library/indexed", "2.0-arm64", SignedImages.SubjectFor(victim),
            [SignatureLayer.For(key, Digest.Parse(victim.Digest))], SbomType);
        var index = await MultiArchImage.OverAsync(Scenario.Store, "library/indexed", "2.0", [(amd64, "amd64"), (fake, "arm64")]);

        var (imported, _, tags) = await ImportAndPublishSecondBatchAsync(index, "library/indexed");

        Assert.That((imported.State, imported.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.ImageSubjectForeign)), imported.Message);
        Assert.That(imported.Message, Does.Contain(fake.Digest));
        Assert.That(tags, Has.None.EqualTo(ReferrersTagFallback.TagFor(Digest.Parse(victim.Digest))));
    }

    [Test]
    public async Task Publish_IndexWithAnSbomOfOnePlatform_AcceptedAndListedUnderThatPlatform()
    {
        using var key = TestCosignKey.EcdsaP256();
        var amd64 = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/platformed", "1.0-amd64", 20_000, seed: 32);
        var arm64 = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/platformed", "1.0-arm64", 20_000, seed: 33);
        var index = await MultiArchImage.OverAsync(Scenario.Store, "library/platformed", "1.0", [(amd64, "amd64"), (arm64, "arm64")]);
        var image = await SignedImages.AttachReferrerOfAsync(
            Scenario.Store, index, SignedImages.SubjectFor(arm64), [SignatureLayer.For(key, Digest.Parse(arm64.Digest))], SbomType);

        await PublishAsync(image);

        var listed = await FallbackIndexAsync("library/platformed", arm64.Digest);
        Assert.That(listed.Manifests.Select(m => m.Digest.Value), Is.EqualTo(new[] { image.Attachments.Single().Digest }));
    }

    [Test]
    public async Task Import_ImageWhoseManifestIsNotJson_RefusedImageManifestInvalid()
    {
        // The site key vouches for the bytes, not for what they are: the "manifest" is a binary blob.
        await PublishedEarlierAsync("library/garbled", seed: 35);
        var plain = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/garbled", "2.0", 20_000, seed: 34);
        using var stream = new MemoryStream([0xff, 0xfe, 0x00, 0x42, 0x13, 0x37]);
        var garbage = await Scenario.Store.PutAsync(stream, null, null, null, CancellationToken.None);
        var image = plain with { Digest = garbage.Digest, Blobs = [new BlobInput(garbage.Digest, garbage.Size), .. plain.Blobs.Skip(1)] };

        var (imported, _, tags) = await ImportAndPublishSecondBatchAsync(image, "library/garbled");

        Assert.That((imported.State, imported.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.ImageManifestInvalid)), imported.Message);
        Assert.That(tags, Is.EqualTo(new[] { "1.0" }));
    }

    // The image an earlier batch published: <repository>:1.0.
    private async Task<BatchArtifactInput> PublishedEarlierAsync(string repository, int seed)
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, repository, "1.0", 20_000, seed);
        await PublishAsync(image);
        return image;
    }

    private async Task<(ImportResult Imported, Outcome<PublishResult> Published, IReadOnlyList<string> Tags)> ImportAndPublishSecondBatchAsync(
        BatchArtifactInput image, string repository)
    {
        var written = await Scenario.WriteAsync([image], sequence: 2, mediaDirectory: Path.Combine(Scenario.Root, "media-2"));
        var imported = await HighSide.ImportAsync(written.VolumeDirectories[0]);
        var published = await HighSide.Get<PublishService>().PublishAsync(imported.Id, CancellationToken.None);
        using var http = TestRegistryClients.NewHttpClient();
        var tags = await TestRegistryClients.Create(http, [Registry.Host]).ListTagsAsync(Registry.Host, repository);
        return (imported, published, tags);
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
