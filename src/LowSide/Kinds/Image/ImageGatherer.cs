using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>
/// Pulls an image or any other OCI artifact (a manifest, or an index and its manifests: a Helm chart, a WASM module, an
/// OCI 1.1 artifact) and every blob into the content store through the OCI Distribution API; the client checks every byte
/// against its digest. From a registry with cosign keys, the signature is checked before any layer is downloaded. What
/// points at it upstream (cosign tags, referrers) travels with it (<see cref="ImageAttachments"/>). Unless
/// Scanning:Sbom:Enabled is false, each platform of an image (a manifest with an image config) then gets an SBOM, carried
/// as a referrer attachment; other artifacts have no tar layers to read and get none.
/// </summary>
internal sealed class ImageGatherer(
    RegistryClientProvider clients,
    RegistryBlobFetcher fetcher,
    ContentStore store,
    RegistrySignatureKeys signatureKeys,
    IOptions<GatheringOptions> options,
    IOptions<ScanningOptions> scanning,
    TimeProvider clock,
    ILogger<ImageGatherer> logger) : IArtifactGatherer
{
    // As many as the scanners read (ImagePackages): an index with more is not a thing anyone gathers on purpose.
    private const int MaxManifests = 63;

    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var reference = ImageReference.Parse(request.Source);
        var client = clients.Client;
        var root = await client.GetManifestAsync(reference, ct);
        var manifests = new List<ManifestResult>();
        if (root.IsIndex)
        {
            var selected = SelectPlatforms(root, request.Platforms);
            var all = ManifestsOf(root).Count;
            if (request.Platforms.Count > 0 && selected.Count > 1 && selected.Count < all)
            {
                // A platform without its variant (linux/arm) that matches several, or a request filed when several were taken.
                throw new GatherRefusedException(
                    $"{reference}: {string.Join(", ", request.Platforms)} matches {selected.Count} of the index's {all} " +
                    $"images ({string.Join(", ", selected.Select(m => m.Platform?.ToString() ?? "unknown"))}); an index travels whole " +
                    "or as one platform's image: name one, with its variant");
            }

            manifests = await ReadChildrenAsync(client, reference, selected, ct);

            // Narrowed to one platform of an index: ship that image alone, so that the high side does not get
            // an index that names manifests it never received.
            if (manifests.Count == 1 && request.Platforms.Count > 0)
            {
                root = manifests[0];
                manifests.Clear();
            }
        }

        if (((ManifestResult[])[root, .. manifests]).FirstOrDefault(m => SubjectOf(m) is not null) is { } referrer)
        {
            throw new GatherRefusedException(LowSideReasons.ImageIsAReferrer,
                $"{reference}: manifest {referrer.Digest.Value} is a referrer of {SubjectOf(referrer)!.Value} (it names a subject); "
                + "request the image it refers to, and its referrers travel with it");
        }

        var signature = await RequireSignatureAsync(client, reference, root.Digest, ct);
        var (attachments, attachmentManifests) = await ImageAttachments.FetchAsync(
            client, reference, root.Digest, signature, options.Value.Attachments, logger, ct);
        var blobs = new List<RequestBlob>();
        var layers = new List<OciDescriptor>();
        foreach (var manifest in (ManifestResult[])[root, .. manifests, .. attachmentManifests])
        {
            await store.PutAsync(new MemoryStream(manifest.Bytes.ToArray(), writable: false), manifest.Digest.Value, manifest.Bytes.Length, null, ct);
            blobs.Add(new RequestBlob(manifest.Digest.Value, manifest.Bytes.Length));
            if (!manifest.IsIndex)
            {
                layers.AddRange(manifest.ParseManifest().Blobs());
            }
        }

        var distinct = layers.DistinctBy(d => d.Digest.Value, StringComparer.Ordinal).ToList();
        progress.AddTotal(distinct.Where(d => !store.Contains(d.Digest.Value)).Sum(d => d.Size));
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = options.Value.ParallelDownloads, CancellationToken = ct },
            async (blob, token) => await fetcher.FetchAsync(client, reference, blob, progress, token));
        blobs.AddRange(distinct.Select(b => new RequestBlob(b.Digest.Value, b.Size)));
        if (scanning.Value.Sbom.Enabled)
        {
            var images = (root.IsIndex ? manifests : [root])
                .Where(m => !m.IsIndex && OciMediaTypes.IsImageConfig(m.ParseManifest().Config.MediaType));
            await AddSbomsAsync(request, [.. images], attachments, blobs, ct);
        }

        logger.LogInformation("Gathered {Reference} as {Digest}: {BlobCount} blobs", reference, root.Digest.Value, blobs.Count);
        return new GatheredArtifact(root.Digest.Value, root.MediaType, blobs, signature, attachments);
    }

    // After the image's own blobs, so that the image is complete before anything that points at it.
    private async Task AddSbomsAsync(
        ArtifactRequest request,
        List<ManifestResult> platforms,
        List<ManifestAttachment> attachments,
        List<RequestBlob> blobs,
        CancellationToken ct)
    {
        if (platforms.Count == 0)
        {
            return;
        }

        var room = AttachmentKinds.MaxPerArtifact - attachments.Count;
        if (platforms.Count > room)
        {
            logger.LogWarning(
                "{Reference} has {PlatformCount} platforms and {AttachmentCount} attachments; SBOMs only for the first {Room}",
                request.Source,
                platforms.Count,
                attachments.Count,
                room);
        }

        var (sboms, sbomBlobs) = await new ImageSboms(store, logger).WriteAsync(request.Source, [.. platforms.Take(room)],
            clock.GetUtcNow(), ct);
        var listed = blobs.Select(b => b.Digest).ToHashSet(StringComparer.Ordinal);
        attachments.AddRange(sboms.Where(s => !listed.Contains(s.Digest)));
        blobs.AddRange(sbomBlobs.Where(b => listed.Add(b.Digest)));
    }

    // The digest checked is the one shipped and recorded as resolved: the index, or the one platform's manifest when
    // the request narrowed an index to one platform (cosign sign --recursive signs both).
    private async Task<CosignVerdict?> RequireSignatureAsync(
        RegistryClient client,
        ImageReference reference,
        Digest image,
        CancellationToken ct)
    {
        if (signatureKeys.For(reference.Registry) is not { } verifier)
        {
            return null;
        }

        var finder = new CosignSignatureFinder(client);
        var verdict = await finder.VerifyAsync(reference.Registry, reference.Repository, image, verifier, ct);
        if (!verdict.IsVerified)
        {
            throw new GatherRefusedException(LowSideReasons.SignatureRequired, verdict.Message);
        }

        logger.LogInformation(
            "{Reference} ({Digest}) is signed by cosign key {KeyId} (signature {SignatureDigest})",
            reference,
            image.Value,
            verdict.KeyId,
            verdict.SignatureManifestDigest?.Value);
        return verdict;
    }

    private static Digest? SubjectOf(ManifestResult manifest) => ReferrersTagFallback.SubjectOf(manifest.MediaType, manifest.Bytes.Span);

    // Every manifest under the index, nested indexes included (an index of artifacts may group them so), each once; the
    // high side publishes the same tree, so a child left out here would fail there.
    private static async Task<List<ManifestResult>> ReadChildrenAsync(
        RegistryClient client,
        ImageReference reference,
        List<OciDescriptor> children,
        CancellationToken ct)
    {
        var manifests = new List<ManifestResult>();
        var pending = new Queue<OciDescriptor>(children);
        var seen = new HashSet<Digest>();
        while (pending.TryDequeue(out var child))
        {
            if (!seen.Add(child.Digest))
            {
                continue;
            }

            if (manifests.Count == MaxManifests)
            {
                throw new GatherRefusedException($"{reference} lists more than {MaxManifests} manifests");
            }

            var manifest = await client.GetManifestAsync(reference.WithDigest(child.Digest), ct);
            if (manifest.IsIndex != OciMediaTypes.IsIndex(child.MediaType))
            {
                throw new GatherRefusedException($"{reference} lists {child.Digest.Value} as a {child.MediaType} but it is a {manifest.MediaType}");
            }

            manifests.Add(manifest);
            foreach (var nested in manifest.IsIndex ? ManifestsOf(manifest) : [])
            {
                pending.Enqueue(nested);
            }
        }

        return manifests;
    }

    private static IReadOnlyList<OciDescriptor> ManifestsOf(ManifestResult index)
    {
        var children = index.ParseIndex().Manifests;
        var other = children.FirstOrDefault(m => !OciMediaTypes.IsManifest(m.MediaType));
        return other is null
            ? children
            : throw new GatherRefusedException(
                $"{index.Repository}@{index.Digest.Value} lists {other.Digest.Value} of type {other.MediaType}, not an OCI or Docker manifest");
    }

    private static List<OciDescriptor> SelectPlatforms(ManifestResult root, IReadOnlyList<string> platforms)
    {
        if (platforms.Count == 0)
        {
            return [.. ManifestsOf(root)];
        }

        var images = root.ParseIndex().Manifests.Where(m => OciMediaTypes.IsImageManifest(m.MediaType)).ToList();

        var selected = images.Where(m => m.Platform is { } p && platforms.Any(wanted => Matches(p, wanted))).ToList();
        var missing = platforms.Where(wanted => !selected.Any(m => Matches(m.Platform!, wanted))).ToList();
        if (missing.Count > 0)
        {
            var offered = string.Join(", ", images.Select(m => m.Platform?.ToString() ?? "unknown"));
            throw new GatherRefusedException($"{root.Repository}@{root.Digest.Value} has no image for {string.Join(", ", missing)}; it offers {offered}");
        }

        return selected;
    }

    private static bool Matches(OciPlatform platform, string wanted)
    {
        var parts = wanted.Split('/');
        return platform.Os == parts[0] && platform.Architecture == parts[1] && (parts.Length < 3 || platform.Variant == parts[2]);
    }
}
