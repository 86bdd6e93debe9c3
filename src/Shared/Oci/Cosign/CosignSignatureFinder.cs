namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// Finds an image's cosign signature manifests in a registry, by the <c>sha256-&lt;hex&gt;.sig</c> tag and through the OCI
/// referrers API (a registry without it answers 404 and the tag alone counts), and verifies them with blobs fetched from
/// the same repository.
/// </summary>
public sealed class CosignSignatureFinder(RegistryClient client)
{
    /// <summary>Most referrer manifests fetched for one image; signature-typed ones are fetched first.</summary>
    public const int MaxReferrerManifests = 32;

    /// <summary>
    /// The signature manifests for <paramref name="imageDigest"/>: the <c>.sig</c> tag's manifest, then referrers whose
    /// subject is the image and that hold a simple-signing layer.
    /// </summary>
    /// <exception cref="OciFormatException">A signature manifest is not a valid image manifest.</exception>
    /// <exception cref="RegistryException">The registry refused a request other than with 404, or could not be reached.</exception>
    public async Task<IReadOnlyList<CosignSignatureManifest>> FindAsync(
        string registry,
        string repository,
        Digest imageDigest,
        CancellationToken cancellationToken = default)
    {
        var found = new List<CosignSignatureManifest>();
        var tag = CosignNames.Tag(imageDigest, CosignNames.SignatureSuffix);
        if (await client.TryGetTaggedAsync(registry, repository, tag, cancellationToken) is { } tagged)
        {
            found.Add(new CosignSignatureManifest(tagged.Digest, tagged.ParseManifest()));
        }

        var referrers = await client.GetReferrersAsync(registry, repository, imageDigest, cancellationToken);
        var candidates = (referrers?.Manifests ?? [])
            .Where(d => OciMediaTypes.IsImageManifest(d.MediaType) && found.All(f => f.Digest != d.Digest))
            .DistinctBy(d => d.Digest)
            .OrderBy(d => d.ArtifactType is CosignNames.SignatureArtifactType or CosignNames.SimpleSigningMediaType ? 0 : 1)
            .Take(MaxReferrerManifests);
        foreach (var descriptor in candidates)
        {
            var reference = ImageReference.Create(registry, repository, null, descriptor.Digest);
            var manifest = (await client.GetManifestAsync(reference, cancellationToken)).ParseManifest();
            // The index is the registry's word; only the manifest's own subject makes it a signature of this image.
            if (manifest.Subject?.Digest == imageDigest && manifest.Layers.Any(CosignNames.IsSignatureLayer))
            {
                found.Add(new CosignSignatureManifest(descriptor.Digest, manifest));
            }
        }

        return found;
    }

    /// <summary>
    /// Finds and verifies the signatures of <paramref name="imageDigest"/>. A signature manifest that does not parse is a
    /// <see cref="CosignVerdictKind.Malformed"/> verdict; an unreachable registry throws <see cref="RegistryException"/>.
    /// </summary>
    public async Task<CosignVerdict> VerifyAsync(
        string registry,
        string repository,
        Digest imageDigest,
        CosignVerifier verifier,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        IReadOnlyList<CosignSignatureManifest> signatures;
        try
        {
            signatures = await FindAsync(registry, repository, imageDigest, cancellationToken);
        }
        catch (OciFormatException ex)
        {
            return CosignVerdict.Refused(
                CosignVerdictKind.Malformed,
                imageDigest,
                $"The cosign signature of image {imageDigest} is malformed: {ex.Message}");
        }

        // The verifier caps sizes before opening a blob; the expected size makes the download stop at it too.
        var sizes = signatures.SelectMany(s => s.Manifest.Layers).GroupBy(l => l.Digest).ToDictionary(g => g.Key, g => g.First().Size);
        return await verifier.VerifyAsync(
            imageDigest,
            signatures,
            (digest, token) => DownloadAsync(registry, repository, digest, sizes[digest], token),
            cancellationToken);
    }

    private async Task<Stream> DownloadAsync(string registry, string repository, Digest digest, long size, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await client.DownloadBlobAsync(registry, repository, digest, buffer, size, cancellationToken: ct);
        buffer.Position = 0;
        return buffer;
    }
}
