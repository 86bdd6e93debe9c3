using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Oci.Cosign;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// Adds cosign signatures and OCI referrers to an image artifact as the low side carries them: blobs appended, an attachment listed.
/// </summary>
internal static class SignedImages
{
    public static Task<BatchArtifactInput> AttachSignatureAsync(
        ContentStore store,
        BatchArtifactInput image,
        IReadOnlyList<SignatureLayer> layers) =>
        AttachAsync(store, image, AttachmentKinds.Signature, SignaturePusher.Build(layers));

    /// <summary>
    /// A manifest whose <c>subject</c> is the image: a <see cref="AttachmentKinds.Referrer"/>, or of a cosign
    /// <paramref name="kind"/> (then also under its cosign tag) as cosign writes them in its OCI 1.1 mode.
    /// </summary>
    public static Task<BatchArtifactInput> AttachReferrerAsync(
        ContentStore store,
        BatchArtifactInput image,
        IReadOnlyList<SignatureLayer> layers,
        string? artifactType,
        string kind = AttachmentKinds.Referrer)
    {
        var subject = new OciDescriptor { MediaType = image.MediaType!, Digest = Digest.Parse(image.Digest), Size = image.Blobs[0].Size };
        return AttachAsync(store, image, kind, SignaturePusher.Build(layers, subject, artifactType));
    }

    private static async Task<BatchArtifactInput> AttachAsync(
        ContentStore store,
        BatchArtifactInput image,
        string kind,
        (byte[] Manifest, IReadOnlyDictionary<Digest, byte[]> Blobs) built)
    {
        var added = new List<BlobInput>();
        foreach (var blob in built.Blobs.Values.Prepend(built.Manifest))
        {
            using var stream = new MemoryStream(blob);
            var stored = await store.PutAsync(stream, null, null, null, CancellationToken.None);
            added.Add(new BlobInput(stored.Digest, stored.Size));
        }

        var attachment = new ManifestAttachment
        {
            Kind = kind,
            Tag = AttachmentKinds.TagSuffix(kind) is { } suffix ? CosignNames.Tag(Digest.Parse(image.Digest), suffix) : null,
            Digest = added[0].Digest,
            MediaType = OciMediaTypes.ImageManifest,
        };
        var shipped = added.Where(a => image.Blobs.All(b => b.Digest != a.Digest));
        return image with { Blobs = [.. image.Blobs, .. shipped], Attachments = [.. image.Attachments, attachment] };
    }
}
