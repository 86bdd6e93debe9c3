using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning.Sbom;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>
/// Writes a CycloneDX SBOM for each platform manifest of a gathered image into the content store, with the OCI referrer
/// manifest that ties it to that platform manifest, so that the batch carries it as an attachment and the high side
/// publishes it after the image. An image whose inventory cannot be fully read still gets an SBOM: what could be read,
/// with the layers that could not listed as unreadable.
/// </summary>
internal sealed class ImageSboms(ContentStore store, ILogger logger)
{
    // Each layer that fails costs another pass over the layers; past this many the SBOM lists every layer as unread.
    private const int MaxFailedLayers = 4;

    /// <summary>The referrer attachments, and their blobs (manifest, empty config, SBOM) in that order.</summary>
    public async Task<(List<ManifestAttachment> Attachments, List<RequestBlob> Blobs)> WriteAsync(
        string name,
        IReadOnlyList<ManifestResult> platforms,
        DateTimeOffset created,
        CancellationToken ct)
    {
        var empty = SbomReferrer.EmptyConfig;
        await store.PutAsync(new MemoryStream(SbomReferrer.EmptyConfigBytes.ToArray(), writable: false), empty.Digest.Value, empty.Size,
            null, ct);
        var attachments = new List<ManifestAttachment>();
        var blobs = new List<RequestBlob>();
        foreach (var platform in platforms)
        {
            var inventory = await ReadInventoryAsync(name, platform, ct);
            var sbom = await PutSbomAsync(new SbomSubject(name, platform.Digest, created), inventory, ct);
            var subject = new OciDescriptor { MediaType = platform.MediaType, Digest = platform.Digest, Size = platform.Bytes.Length };
            var manifest = SbomReferrer.Write(sbom, subject, created);
            var stored = await store.PutAsync(new MemoryStream(manifest, writable: false), null, null, null, ct);
            attachments.Add(new ManifestAttachment
            {
                Kind = AttachmentKinds.Referrer,
                Digest = stored.Digest,
                MediaType = OciMediaTypes.ImageManifest,
            });
            blobs.AddRange([new(stored.Digest, stored.Size), new(empty.Digest.Value, empty.Size), new(sbom.Digest.Value, sbom.Size)]);
            logger.LogInformation(
                "SBOM of {Name}@{Digest}: {PackageCount} packages, {UnreadableCount} layers unread, referrer {Referrer}",
                name,
                platform.Digest.Value,
                inventory.Packages.Count,
                inventory.UnreadableLayers.Count,
                stored.Digest);
        }

        return (attachments, blobs);
    }

    private async Task<OciDescriptor> PutSbomAsync(SbomSubject subject, PackageInventory inventory, CancellationToken ct)
    {
        var temporary = store.NewIncomingPath(".sbom");
        await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await CycloneDxWriter.WriteAsync(file, subject, inventory, ct);
        file.Position = 0;
        var stored = await store.PutAsync(file, null, null, null, ct);
        return new OciDescriptor { MediaType = CycloneDx.MediaType, Digest = Digest.Parse(stored.Digest), Size = stored.Size };
    }

    // ImageInventory refuses a whole image for one layer it cannot read (not a tar, a file over its cap); read the image
    // again without that layer, so the SBOM lists everything the other layers hold.
    private async Task<PackageInventory> ReadInventoryAsync(string name, ManifestResult platform, CancellationToken ct)
    {
        var layers = platform.ParseManifest().Layers;
        var failed = new List<UnreadableLayer>();
        while (true)
        {
            Digest? reading = null;
            try
            {
                var inventory = await ImageInventory.ReadAsync(
                    [.. layers.Where(l => failed.TrueForAll(f => f.Layer != l.Digest))],
                    (digest, _) =>
                    {
                        reading = digest;
                        return Task.FromResult(store.OpenRead(digest.Value));
                    },
                    ct: ct);
                return failed.Count == 0
                    ? inventory
                    : inventory with { UnreadableLayers = InLayerOrder(layers, [.. inventory.UnreadableLayers, .. failed]) };
            }
            catch (SbomException ex) when (reading is { } layer)
            {
                logger.LogWarning(
                    "SBOM of {Name}@{Digest}: layer {Layer} not read: {Reason}",
                    name,
                    platform.Digest.Value,
                    layer.Value,
                    ex.Message);
                if (failed.Count == MaxFailedLayers)
                {
                    return new PackageInventory(null, [], [.. layers.Select(l => new UnreadableLayer(l.Digest, l.MediaType, ex.Message))],
                        [$"more than {MaxFailedLayers} layers could not be read"]);
                }

                failed.Add(new UnreadableLayer(layer, layers.First(l => l.Digest == layer).MediaType, ex.Message));
            }
        }
    }

    private static List<UnreadableLayer> InLayerOrder(IReadOnlyList<OciDescriptor> layers, List<UnreadableLayer> unreadable)
    {
        var order = layers.Select(l => l.Digest).ToList();
        return [.. unreadable.OrderBy(u => order.IndexOf(u.Layer))];
    }
}
