using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.HighSide.Kinds.Image;

/// <summary>
/// What an image refers to. Its plan line names the image and its attachments, nothing else, so a manifest that is a
/// referrer of some other manifest (an image an earlier batch published, say) would join that manifest's referrers with
/// no officer having seen it named. The image and the manifests under it name no <c>subject</c>; an attachment names the
/// image, a manifest under it (an SBOM of one platform), or nothing (cosign's tag schema). Checked at import, so such a
/// batch never reaches the officers, and again before the image is pushed.
/// </summary>
internal sealed class ImageSubjects(QuarantinedManifests manifests) : IImportedArtifactCheck
{
    public string Kind => ArtifactKinds.Image;

    public async Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken)
    {
        try
        {
            await RequireOwnAsync(quarantineId, artifact, cancellationToken);
            return null;
        }
        catch (PublishException ex)
        {
            return new Failure(ex.Code, ex.Message);
        }
    }

    /// <exception cref="PublishException">
    /// <see cref="PublishReasons.ImageSubjectForeign"/>, <see cref="PublishReasons.ImageManifestInvalid"/>, or a manifest
    /// missing or altered in quarantine.
    /// </exception>
    public async Task RequireOwnAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var current = artifact.Digest;
        try
        {
            var root = await manifests.ReadAsync(quarantineId, current, cancellationToken);
            var tree = new HashSet<string>(StringComparer.Ordinal) { current };
            var pending = new Queue<(string Digest, string MediaType, byte[] Bytes)>(
                [(current, QuarantinedManifests.MediaTypeOf(root, artifact.MediaType), root)]);
            while (pending.TryDequeue(out var manifest))
            {
                current = manifest.Digest;
                if (ReferrersTagFallback.SubjectOf(manifest.MediaType, manifest.Bytes) is { } subject)
                {
                    throw Foreign(artifact, current, subject, "the image itself and the manifests under it refer to nothing");
                }

                if (OciMediaTypes.IsIndex(manifest.MediaType))
                {
                    foreach (var child in ImageIndex.Parse(manifest.Bytes).Manifests.Where(c => tree.Add(c.Digest.Value)))
                    {
                        pending.Enqueue((child.Digest.Value, child.MediaType, await manifests.ReadAsync(quarantineId, child.Digest.Value, cancellationToken)));
                    }
                }
            }

            foreach (var attachment in artifact is ManifestArtifact { Attachments: { } attachments } ? attachments : [])
            {
                current = attachment.Digest;
                var bytes = await manifests.ReadAsync(quarantineId, current, cancellationToken);
                if (ReferrersTagFallback.SubjectOf(attachment.MediaType, bytes) is { } subject && !tree.Contains(subject.Value))
                {
                    throw Foreign(artifact, current, subject, "an attachment refers to the image or a manifest under it");
                }
            }
        }
        catch (OciFormatException ex)
        {
            throw new PublishException(PublishReasons.ImageManifestInvalid, $"manifest {current} of image {artifact.Name} is not valid: {ex.Message}");
        }
    }

    private static PublishException Foreign(ArtifactDescription artifact, string digest, Digest subject, string rule) =>
        new(PublishReasons.ImageSubjectForeign,
            $"manifest {digest} of image {artifact.Name} names {subject} as its subject, but {rule}; published, it would be "
            + "listed among the referrers of a manifest its plan line does not name");
}
