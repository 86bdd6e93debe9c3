using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning.Sbom;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>What `lowside request show` says of an attachment: the attachment, and for a CycloneDX referrer what its SBOM lists.</summary>
/// <param name="Attachment">The attachment as the batch lists it.</param>
/// <param name="Subject">The manifest the SBOM describes (the image, or one platform of it).</param>
/// <param name="Sbom">The SBOM blob's digest.</param>
/// <param name="Packages">Packages the SBOM lists; null when it could not be read (its reason in <paramref name="Problem"/>).</param>
/// <param name="Problem">Why the SBOM could not be read.</param>
internal sealed record ImageSbomSummary(
    ManifestAttachment Attachment,
    string? Subject = null,
    string? Sbom = null,
    int? Packages = null,
    string? Problem = null)
{
    public static async Task<IReadOnlyList<ImageSbomSummary>> ReadAsync(
        ContentStore store,
        IReadOnlyList<ManifestAttachment> attachments,
        CancellationToken ct)
    {
        var summaries = new List<ImageSbomSummary>(attachments.Count);
        foreach (var attachment in attachments)
        {
            summaries.Add(attachment.Kind == AttachmentKinds.Referrer ? await ReadReferrerAsync(store, attachment, ct) : new(attachment));
        }

        return summaries;
    }

    private static async Task<ImageSbomSummary> ReadReferrerAsync(ContentStore store, ManifestAttachment attachment, CancellationToken ct)
    {
        if (!store.Contains(attachment.Digest) || store.SizeOf(attachment.Digest) > RegistryClientOptions.MaxManifestBytes)
        {
            return new(attachment, Problem: "the manifest is not in the store");
        }

        var manifest = ImageManifest.Parse(await System.IO.File.ReadAllBytesAsync(store.PathOf(attachment.Digest), ct));
        if (manifest.ArtifactType != CycloneDx.MediaType || manifest.Layers is not [{ MediaType: CycloneDx.MediaType } layer])
        {
            return new(attachment);
        }

        var subject = manifest.Subject?.Digest.Value;
        if (!store.Contains(layer.Digest.Value))
        {
            return new(attachment, subject, layer.Digest.Value, Problem: "the SBOM is not in the store");
        }

        try
        {
            await using var stream = store.OpenRead(layer.Digest.Value);
            var contents = await CycloneDxReader.ReadAsync(stream, ct: ct);
            return new(attachment, subject, layer.Digest.Value, contents.Packages.Count);
        }
        catch (SbomException ex)
        {
            return new(attachment, subject, layer.Digest.Value, Problem: ex.Message);
        }
    }
}
