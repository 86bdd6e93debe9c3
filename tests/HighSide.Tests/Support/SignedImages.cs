using System.Text;
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
        return AttachAsync(store, image, kind, SignaturePusher.Build(layers, SubjectFor(image), artifactType));
    }

    /// <summary>An attachment of <paramref name="image"/> whose <c>subject</c> is another manifest: what only a hostile low side ships.</summary>
    /// <param name="store">Where the manifest and its blobs go.</param>
    /// <param name="image">The image the attachment is listed on.</param>
    /// <param name="subject">What the manifest names as its subject.</param>
    /// <param name="layers">The manifest's layers.</param>
    /// <param name="artifactType">The manifest's artifactType.</param>
    /// <param name="rewrite">Edits the manifest's JSON text before it is stored, as a hand-made manifest could differ.</param>
    public static Task<BatchArtifactInput> AttachReferrerOfAsync(
        ContentStore store,
        BatchArtifactInput image,
        OciDescriptor subject,
        IReadOnlyList<SignatureLayer> layers,
        string? artifactType,
        Func<string, string>? rewrite = null)
    {
        var (manifest, blobs) = SignaturePusher.Build(layers, subject, artifactType);
        var text = Encoding.UTF8.GetString(manifest);
        return AttachAsync(store, image, AttachmentKinds.Referrer, (rewrite is null ? manifest : Encoding.UTF8.GetBytes(rewrite(text)), blobs));
    }

    /// <summary>An image artifact <paramref name="name"/>:<paramref name="tag"/> that is itself a referrer of <paramref name="subject"/>.</summary>
    public static async Task<BatchArtifactInput> ReferrerImageAsync(
        ContentStore store,
        string name,
        string tag,
        OciDescriptor subject,
        IReadOnlyList<SignatureLayer> layers,
        string? artifactType)
    {
        var stored = await StoreAsync(store, SignaturePusher.Build(layers, subject, artifactType));
        return new BatchArtifactInput
        {
            Kind = ArtifactKinds.Image,
            Source = $"127.0.0.1:5000/{name}:{tag}",
            Digest = stored[0].Digest,
            MediaType = OciMediaTypes.ImageManifest,
            Name = name,
            Version = tag,
            Requester = "local:mallory",
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = "an SBOM",
            Blobs = [.. stored.DistinctBy(b => b.Digest)],
        };
    }

    /// <summary>The descriptor a referrer of <paramref name="image"/> names as its subject.</summary>
    public static OciDescriptor SubjectFor(BatchArtifactInput image) =>
        new() { MediaType = image.MediaType!, Digest = Digest.Parse(image.Digest), Size = image.Blobs[0].Size };

    private static async Task<BatchArtifactInput> AttachAsync(
        ContentStore store,
        BatchArtifactInput image,
        string kind,
        (byte[] Manifest, IReadOnlyDictionary<Digest, byte[]> Blobs) built)
    {
        var added = await StoreAsync(store, built);
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

    // The manifest first, then its blobs.
    private static async Task<List<BlobInput>> StoreAsync(ContentStore store, (byte[] Manifest, IReadOnlyDictionary<Digest, byte[]> Blobs) built)
    {
        var stored = new List<BlobInput>();
        foreach (var blob in built.Blobs.Values.Prepend(built.Manifest))
        {
            using var stream = new MemoryStream(blob);
            var put = await store.PutAsync(stream, null, null, null, CancellationToken.None);
            stored.Add(new BlobInput(put.Digest, put.Size));
        }

        return stored;
    }
}
