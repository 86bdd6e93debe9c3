using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Oci;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.Image;

/// <summary>
/// Pushes an image to the internal registry through the Distribution API: blobs first (HEAD skips
/// those already there; large ones go in chunks), then child manifests by digest, then the index or
/// manifest by digest, then the tag. Manifests are pushed as the stored bytes, never re-serialized,
/// so every digest equals the source's. A manifest with a <c>subject</c> (a referrer) is also listed under its subject's
/// referrers fallback tag when the mirror has no referrers API (<see cref="ReferrersTagFallback"/>).
/// </summary>
internal sealed class ImagePublisher(
    RegistryClient client,
    IOptions<RegistryMirrorOptions> mirror,
    BlobLocator locator,
    QuarantinedManifests manifests,
    ImageSubjects subjects) : IArtifactPublisher
{
    private readonly ReferrersTagFallback _referrers = new(client);

    public void Prepare()
    {
    }

    public string PlanLine(ArtifactDescription artifact)
    {
        var target = $"{mirror.Value.Host ?? "(Mirrors:Registry:Url not set)"}/{artifact.Name}";
        var line = artifact.Version is { } tag ? $"image {target}:{tag} {artifact.Digest}" : $"image {target}@{artifact.Digest}";
        return Attachments(artifact) is { Count: > 0 } attachments
            ? line + " with " + string.Join(" ", attachments.Select(a => $"{a.Kind}:{a.Tag ?? a.Digest}"))
            : line;
    }

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var registry = mirror.Value.Host
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:Registry:Url is not set; images cannot be published");
        await subjects.RequireOwnAsync(quarantineId, artifact, cancellationToken);
        var bytes = await manifests.ReadAsync(quarantineId, artifact.Digest, cancellationToken);
        var mediaType = QuarantinedManifests.MediaTypeOf(bytes, artifact.MediaType);
        var pushed = await PushTreeAsync(registry, artifact.Name, quarantineId, artifact.Digest, bytes, mediaType, cancellationToken);
        await _referrers.RecordAsync(registry, artifact.Name, mediaType, bytes, pushed, cancellationToken);
        if (artifact.Version is { } tag)
        {
            await client.PutManifestAsync(registry, artifact.Name, tag, mediaType, bytes, cancellationToken);
        }

        // Signatures, attestations and SBOMs go after the image they point at, under their cosign tags; a referrer
        // with a subject is found through the mirror's referrers API, or on a mirror without one through the fallback tag.
        foreach (var attachment in Attachments(artifact))
        {
            var attached = await manifests.ReadAsync(quarantineId, attachment.Digest, cancellationToken);
            var type = attachment.MediaType;
            var result = await PushTreeAsync(registry, artifact.Name, quarantineId, attachment.Digest, attached, type, cancellationToken);
            await _referrers.RecordAsync(registry, artifact.Name, type, attached, result, cancellationToken);
            if (attachment.Tag is { } attachmentTag)
            {
                await client.PutManifestAsync(registry, artifact.Name, attachmentTag, attachment.MediaType, attached, cancellationToken);
            }
        }
    }

    private static IReadOnlyList<ManifestAttachment> Attachments(ArtifactDescription artifact) =>
        artifact is ManifestArtifact { Attachments: { } attachments } ? attachments : [];

    private async Task<ManifestPushResult> PushTreeAsync(
        string registry,
        string repository,
        string quarantineId,
        string digest,
        byte[] bytes,
        string mediaType,
        CancellationToken cancellationToken)
    {
        if (OciMediaTypes.IsIndex(mediaType))
        {
            foreach (var child in ImageIndex.Parse(bytes).Manifests)
            {
                var childBytes = await manifests.ReadAsync(quarantineId, child.Digest.Value, cancellationToken);
                await PushTreeAsync(registry, repository, quarantineId, child.Digest.Value, childBytes, child.MediaType, cancellationToken);
            }
        }
        else
        {
            foreach (var blob in ImageManifest.Parse(bytes).Blobs())
            {
                var path = await locator.FindAsync(quarantineId, blob.Digest.Value, cancellationToken)
                    ?? throw new PublishException(PublishReasons.BlobMissing, $"blob {blob.Digest} of {repository} is not in quarantine");
                try
                {
                    await client.UploadBlobAsync(registry, repository, blob.Digest, blob.Size, () => Sha256Digest.OpenSequential(path), cancellationToken);
                }
                catch (DigestMismatchException ex) when (ex.InLocalContent)
                {
                    throw new PublishException(
                        PublishReasons.QuarantineTampered,
                        $"blob {blob.Digest} in quarantine was altered after verification: {ex.Message}");
                }
            }
        }

        return await client.PushManifestAsync(registry, repository, digest, mediaType, bytes, cancellationToken);
    }
}
