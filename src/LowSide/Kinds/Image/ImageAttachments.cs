using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>
/// Fetches the upstream manifests that point at a gathered artifact (its cosign .sig, .att and .sbom tags and its referrers)
/// so that they ship with it, signed or not: image manifests (not indexes) whose blobs total at most
/// <see cref="MaxBlobBytes"/>, and always the signature manifest that verified. With Gathering:Attachments false, only that
/// signature.
/// </summary>
internal static class ImageAttachments
{
    /// <summary>Largest attachment carried besides the verified signature: a big SBOM or attestation is left upstream.</summary>
    public const long MaxBlobBytes = 16L * 1024 * 1024;

    public static async Task<(List<ManifestAttachment> Attachments, List<ManifestResult> Manifests)> FetchAsync(
        RegistryClient client,
        ImageReference reference,
        Digest image,
        CosignVerdict? signature,
        bool carryAll,
        ILogger logger,
        CancellationToken ct)
    {
        var attachments = new List<ManifestAttachment>();
        var manifests = new List<ManifestResult>();
        if (!carryAll && signature is null)
        {
            return (attachments, manifests);
        }

        var listed = await ListAsync(client, reference, image, signature, logger, ct);
        // The verified signature first: the cap on attachments must not leave it behind a registry's other referrers.
        var wanted = listed
            .Where(a => OciMediaTypes.IsImageManifest(a.MediaType) && (carryAll || a.Digest == signature?.SignatureManifestDigest))
            .OrderBy(a => a.Digest == signature?.SignatureManifestDigest ? 0 : 1)
            .DistinctBy(a => a.Digest)
            .Take(AttachmentKinds.MaxPerArtifact);
        foreach (var found in wanted)
        {
            var manifest = await client.GetManifestAsync(reference.WithDigest(found.Digest), ct);
            var parsed = manifest.IsIndex ? null : manifest.ParseManifest();
            var verified = found.Digest == signature?.SignatureManifestDigest;
            // The referrers index and the cosign tags are the registry's word; only the manifest's own subject ties it to this
            // artifact. A cosign tag's manifest may have none; one that names another manifest the high side would refuse.
            var belongs = parsed?.Subject is { } subject ? subject.Digest == image : found.Kind != UpstreamAttachmentKind.Referrer;
            if (verified && (parsed is null || !belongs))
            {
                // Its payload verified, but the registry serves it in a manifest the high side would refuse: not carried,
                // and gathering again gets the same manifest.
                throw new GatherRefusedException(
                    LowSideReasons.SignatureRequired,
                    $"the signature manifest {found.Digest} of {reference} verified, but the registry serves it " +
                    (parsed is null ? "as an index"
                        : parsed.Subject is { } other ? $"naming another manifest as its subject ({other.Digest})"
                        : "as a referrer that names no subject") +
                    ", which the high side refuses: the registry must serve the signature as cosign wrote it");
            }

            if (parsed is null || !belongs || (!verified && parsed.Blobs().Sum(b => b.Size) > MaxBlobBytes))
            {
                logger.LogInformation(
                    "Not carrying attachment {Digest} of {Reference}: an index, another subject or too large",
                    found.Digest.Value,
                    reference);
                continue;
            }

            attachments.Add(new ManifestAttachment
            {
                Kind = AttachmentKinds.For(found.Kind),
                Tag = found.Tag,
                Digest = found.Digest.Value,
                MediaType = manifest.MediaType,
            });
            manifests.Add(manifest);
        }

        if (signature?.SignatureManifestDigest is { } signatureDigest && attachments.All(a => a.Digest != signatureDigest.Value))
        {
            throw new GatherRefusedException(
                LowSideReasons.SignatureRequired,
                $"the signature manifest {signatureDigest} of {reference} that verified was no longer there to gather; gather again");
        }

        return (attachments, manifests);
    }

    // Without a verified signature to carry, what points at the artifact is a bonus: a registry that answers the referrers
    // API or a cosign tag with something unusable does not stop the artifact itself; a transient fault still does.
    private static async Task<IReadOnlyList<UpstreamAttachment>> ListAsync(
        RegistryClient client,
        ImageReference reference,
        Digest image,
        CosignVerdict? signature,
        ILogger logger,
        CancellationToken ct)
    {
        try
        {
            return await new UpstreamAttachments(client).ListAsync(reference.Registry, reference.Repository, image, ct);
        }
        catch (Exception ex) when (signature is null && ex is OciFormatException or RegistryException { IsTransient: false })
        {
            logger.LogWarning("Not carrying what points at {Reference} ({Digest}): {Reason}", reference, image.Value, ex.Message);
            return [];
        }
    }
}
