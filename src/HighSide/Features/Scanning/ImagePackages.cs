using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// The packages an image in quarantine holds, read from its layers (dpkg and apk databases, lock files), for every
/// platform of an index. What the inventory could not read (a zstd layer, a malformed lock file) comes back as notes.
/// </summary>
internal sealed class ImagePackages(BlobLocator blobs)
{
    private const int MaxManifests = 64;

    public async Task<(IReadOnlyList<PackageCoordinate> Packages, IReadOnlyList<string> Notes)> ReadAsync(
        string batchId, ScannedArtifact image, CancellationToken cancellationToken)
    {
        var packages = new List<PackageCoordinate>();
        var notes = new List<string>();
        var pending = new Queue<string>([image.Digest]);
        for (var seen = 0; pending.Count > 0; seen++)
        {
            if (seen >= MaxManifests)
            {
                throw new ScannerFailedException($"{image.Name} has more than {MaxManifests} manifests to read");
            }

            var bytes = await ManifestBytesAsync(batchId, pending.Dequeue(), cancellationToken);
            if (IsIndex(bytes))
            {
                foreach (var child in ImageIndex.Parse(bytes).Manifests)
                {
                    pending.Enqueue(child.Digest.Value);
                }

                continue;
            }

            var manifest = ImageManifest.Parse(bytes);
            PackageInventory inventory;
            try
            {
                inventory = await ImageInventory.ReadAsync(manifest.Layers, OpenAsync, ct: cancellationToken);
            }
            catch (SbomException ex)
            {
                throw new ScannerFailedException($"the packages of {image.Name} could not be read: {ex.Message}", ex);
            }

            packages.AddRange(inventory.Packages.Select(p => p.Package));
            notes.AddRange(inventory.Warnings);
            notes.AddRange(inventory.UnreadableLayers.Select(u => $"layer {u.Layer} not read: {u.Reason}"));
        }

        return ([.. packages.DistinctBy(p => p.Purl, StringComparer.Ordinal)], notes);

        async Task<Stream> OpenAsync(Digest digest, CancellationToken ct) =>
            File.OpenRead(await blobs.FindAsync(batchId, digest.Value, ct)
                ?? throw new ScannerFailedException($"blob {digest} of {image.Name} is not in quarantine"));
    }

    private async Task<byte[]> ManifestBytesAsync(string batchId, string digest, CancellationToken cancellationToken)
    {
        var path = await blobs.FindAsync(batchId, digest, cancellationToken)
            ?? throw new ScannerFailedException($"manifest {digest} is not in quarantine");
        if (new FileInfo(path).Length > RegistryClientOptions.MaxManifestBytes)
        {
            throw new ScannerFailedException($"manifest {digest} is larger than a manifest may be");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private static bool IsIndex(byte[] bytes)
    {
        using var document = System.Text.Json.JsonDocument.Parse(bytes);
        var root = document.RootElement;
        return root.TryGetProperty("manifests", out _)
            || (root.TryGetProperty("mediaType", out var type) && type.GetString() is { } media && OciMediaTypes.IsIndex(media));
    }
}
