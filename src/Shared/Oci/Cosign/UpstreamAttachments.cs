namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// Lists what points at an image in its repository and should be carried and republished with it: the cosign tag scheme's
/// <c>.sig</c>, <c>.att</c> and <c>.sbom</c> manifests, and the referrers API's entries (or, when the registry has no referrers
/// API, those of the spec's fallback index tagged <c>sha256-&lt;hex&gt;</c>).
/// </summary>
public sealed class UpstreamAttachments(RegistryClient client)
{
    private static readonly (string Suffix, UpstreamAttachmentKind Kind)[] TagScheme =
    [
        (CosignNames.SignatureSuffix, UpstreamAttachmentKind.SignatureTag),
        (CosignNames.AttestationSuffix, UpstreamAttachmentKind.AttestationTag),
        (CosignNames.SbomSuffix, UpstreamAttachmentKind.SbomTag),
    ];

    /// <summary>
    /// Tagged attachments first (in the order .sig, .att, .sbom), then referrers not already listed under a tag.
    /// </summary>
    /// <exception cref="RegistryException">The registry refused a request other than with 404, or could not be reached.</exception>
    /// <exception cref="OciFormatException">A tagged attachment or the referrers index is not valid.</exception>
    public async Task<IReadOnlyList<UpstreamAttachment>> ListAsync(
        string registry,
        string repository,
        Digest imageDigest,
        CancellationToken cancellationToken = default)
    {
        var attachments = new List<UpstreamAttachment>();
        foreach (var (suffix, kind) in TagScheme)
        {
            var tag = CosignNames.Tag(imageDigest, suffix);
            if (await client.TryGetTaggedAsync(registry, repository, tag, cancellationToken) is { } manifest)
            {
                var artifactType = manifest.IsIndex ? manifest.ParseIndex().ArtifactType : manifest.ParseManifest().ArtifactType;
                var size = manifest.Bytes.Length;
                attachments.Add(new UpstreamAttachment(kind, tag, manifest.Digest, manifest.MediaType, artifactType, size));
            }
        }

        // A registry without the referrers API keeps them, by the distribution spec's fallback, in an index tagged
        // sha256-<hex>; whoever reads them must still check each one's subject, as anyone may push that tag.
        var referrers = await client.GetReferrersAsync(registry, repository, imageDigest, cancellationToken)
            ?? await FallbackIndexAsync(registry, repository, imageDigest, cancellationToken);
        foreach (var referrer in (referrers?.Manifests ?? []).DistinctBy(d => d.Digest))
        {
            if (attachments.All(a => a.Digest != referrer.Digest))
            {
                attachments.Add(new UpstreamAttachment(
                    UpstreamAttachmentKind.Referrer,
                    Tag: null,
                    referrer.Digest,
                    referrer.MediaType,
                    referrer.ArtifactType,
                    referrer.Size));
            }
        }

        return attachments;
    }

    private async Task<ImageIndex?> FallbackIndexAsync(string registry, string repository, Digest imageDigest, CancellationToken cancellationToken) =>
        await client.TryGetTaggedAsync(registry, repository, ReferrersTagFallback.TagFor(imageDigest), cancellationToken) is { IsIndex: true } index
            ? index.ParseIndex()
            : null;
}
