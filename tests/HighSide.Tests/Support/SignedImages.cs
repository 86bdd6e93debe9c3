using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Oci.Cosign;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>Adds a cosign signature manifest to an image artifact as the low side carries it: blobs appended, an attachment listed.</summary>
internal static class SignedImages
{
    public static async Task<BatchArtifactInput> AttachSignatureAsync(ContentStore store, BatchArtifactInput image, IReadOnlyList<SignatureLayer> layers)
    {
        var (manifest, blobs) = SignaturePusher.Build(layers);
        var added = new List<BlobInput>();
        foreach (var blob in blobs.Values.Prepend(manifest))
        {
            using var stream = new MemoryStream(blob);
            var stored = await store.PutAsync(stream, null, null, null, CancellationToken.None);
            added.Add(new BlobInput(stored.Digest, stored.Size));
        }

        var attachment = new ManifestAttachment
        {
            Kind = AttachmentKinds.Signature,
            Tag = CosignNames.Tag(Digest.Parse(image.Digest), CosignNames.SignatureSuffix),
            Digest = added[0].Digest,
            MediaType = OciMediaTypes.ImageManifest,
        };
        return image with { Blobs = [.. image.Blobs, .. added], Attachments = [.. image.Attachments, attachment] };
    }
}
