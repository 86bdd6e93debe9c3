using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// An image artifact's optional attachments (upstream signatures, attestations, SBOMs, referrers): written, signed and
/// read back; a manifest without them as before; every malformed list refused with its reason code.
/// </summary>
[TestFixture]
internal sealed class ManifestAttachmentTests : SimpleVolumeTests
{
    [Test]
    public async Task Write_ImageWithASignatureAttachment_VerifiesAndReadsBack()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/signed", "1.0", 1000, seed: 5);
        var attachment = SignatureOf(image.Digest, image.Blobs[1].Digest);

        var volume = await Scenario.WriteVolumeAsync(2, [image with { Attachments = [attachment] }]);

        var result = await Scenario.VerifyAsync(volume);
        Assert.That(result.IsValid, Is.True, result.Message);
        Assert.That(result.Manifest!.Artifacts[0].Attachments, Is.EqualTo(new[] { attachment }));
    }

    [Test]
    public async Task Write_NoAttachments_ManifestHasNoAttachmentsMember()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Volume, BatchFileNames.Manifest));

        Assert.That(text, Does.Not.Contain("attachments"));
        Assert.That((await Scenario.VerifyAsync(Volume)).IsValid, Is.True);
    }

    [Test]
    public async Task Write_AttachmentNotAmongTheBlobs_RefusedBeforeWriting()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/signed", "1.0", 1000, seed: 6);
        var stray = SignatureOf(image.Digest, Digest.Compute("not shipped"u8).Value);

        var refused = Assert.ThrowsAsync<ArgumentException>(() => Scenario.WriteAsync([image with { Attachments = [stray] }]));

        Assert.That(refused!.Message, Does.Contain("among the artifact's blobs"));
    }

    [TestCase(1, "signature", true, ManifestInvalid, TestName = "Verify_AttachmentOnAFileArtifact_ManifestInvalid")]
    [TestCase(0, "signature", false, ManifestInvalid, TestName = "Verify_SignatureTagOfAnotherImage_ManifestInvalid")]
    [TestCase(0, "provenance", true, ManifestInvalid, TestName = "Verify_UnknownAttachmentKind_ManifestInvalid")]
    public async Task Verify_AttachmentThatDoesNotBelong_Refused(int artifact, string kind, bool ownTag, BatchRejectionReason expected)
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var entry = m["artifacts"]![artifact]!;
            var digest = ownTag ? Digest.Parse(entry["digest"]!.GetValue<string>()) : Digest.Compute("another image"u8);
            entry["attachments"] = new JsonArray(Attachment(kind, CosignNames.Tag(digest, ".sig"), BlobOf(entry)));
        });

        await AssertRejectedAsync(expected);
    }

    [Test]
    public async Task Verify_AttachmentNotAmongTheArtifactsBlobs_ManifestInvalid()
    {
        await EditImageAsync(image => new JsonArray(Attachment("referrer", null, Digest.Compute("elsewhere"u8).Value)));

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_AttachmentThatIsAnIndex_ManifestInvalid()
    {
        await EditImageAsync(image =>
        {
            var attachment = Attachment("referrer", null, BlobOf(image));
            attachment["mediaType"] = OciMediaTypes.ImageIndex;
            return new JsonArray(attachment);
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_EmptyAttachmentList_ManifestInvalid()
    {
        await EditImageAsync(_ => []);

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_SameAttachmentTwice_DuplicateEntry()
    {
        await EditImageAsync(image => new JsonArray(Referrer(image), Referrer(image)));

        await AssertRejectedAsync(DuplicateEntry);
    }

    [Test]
    public async Task Verify_MoreAttachmentsThanTheLimit_LimitExceeded()
    {
        await EditImageAsync(image =>
            new JsonArray([.. Enumerable.Range(0, AttachmentKinds.MaxPerArtifact + 1).Select(_ => Referrer(image))]));

        await AssertRejectedAsync(LimitExceeded);
    }

    private static ManifestAttachment SignatureOf(string imageDigest, string attachmentDigest) => new()
    {
        Kind = AttachmentKinds.Signature,
        Tag = CosignNames.Tag(Digest.Parse(imageDigest), CosignNames.SignatureSuffix),
        Digest = attachmentDigest,
        MediaType = OciMediaTypes.ImageManifest,
    };

    private Task EditImageAsync(Func<JsonNode, JsonArray> attachments) =>
        Scenario.ResignManifestAsync(Volume, m => m["artifacts"]![0]!["attachments"] = attachments(m["artifacts"]![0]!));

    // A blob of the artifact other than its own digest: the checks read the list, not the blob.
    private static string BlobOf(JsonNode artifact) => artifact["blobs"]!.AsArray()[^1]!.GetValue<string>();

    private static JsonObject Referrer(JsonNode image) => Attachment("referrer", null, BlobOf(image));

    private static JsonObject Attachment(string kind, string? tag, string digest) => new()
    {
        ["kind"] = kind,
        ["tag"] = tag,
        ["digest"] = digest,
        ["mediaType"] = OciMediaTypes.ImageManifest,
    };
}
