using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// The packages an image holds, read from its layers (dpkg and apk databases, lock files), for every platform of an
/// index, wherever its blobs are (the low side's store, the high side's quarantine: <c>findBlob</c> gives a blob's path
/// or null). What the inventory could not read (a zstd layer, a malformed lock file) comes back as notes. A manifest whose
/// config is not an image config (a Helm chart, a WASM module, another OCI artifact) holds no packages and is passed over.
/// </summary>
public static class ImagePackages
{
    private const int MaxManifests = 64;

    /// <exception cref="ScannerFailedException">A blob is missing, a manifest is too large, or a layer cannot be read.</exception>
    public static async Task<(IReadOnlyList<PackageCoordinate> Packages, IReadOnlyList<string> Notes)> ReadAsync(
        string name, string rootDigest, Func<string, CancellationToken, Task<string?>> findBlob, CancellationToken cancellationToken)
    {
        var packages = new List<PackageCoordinate>();
        var notes = new List<string>();
        var pending = new Queue<string>([rootDigest]);
        for (var seen = 0; pending.Count > 0; seen++)
        {
            if (seen >= MaxManifests)
            {
                throw new ScannerFailedException($"{name} has more than {MaxManifests} manifests to read");
            }

            var bytes = await ManifestBytesAsync(findBlob, pending.Dequeue(), cancellationToken);
            if (IsIndex(bytes))
            {
                foreach (var child in ImageIndex.Parse(bytes).Manifests)
                {
                    pending.Enqueue(child.Digest.Value);
                }

                continue;
            }

            var manifest = ImageManifest.Parse(bytes);
            if (!OciMediaTypes.IsImageConfig(manifest.Config.MediaType))
            {
                // A chart, a WASM module or another artifact: no tar layers, no packages to read.
                continue;
            }

            PackageInventory inventory;
            try
            {
                inventory = await ImageInventory.ReadAsync(manifest.Layers, OpenAsync, ct: cancellationToken);
            }
            catch (SbomException ex)
            {
                throw new ScannerFailedException($"the packages of {name} could not be read: {ex.Message}", ex);
            }

            packages.AddRange(inventory.Packages.Select(p => p.Package));
            notes.AddRange(inventory.Warnings);
            notes.AddRange(inventory.UnreadableLayers.Select(u => $"layer {u.Layer} not read: {u.Reason}"));
        }

        return ([.. packages.DistinctBy(p => p.Purl, StringComparer.Ordinal)], notes);

        async Task<Stream> OpenAsync(Digest digest, CancellationToken ct) =>
            File.OpenRead(await findBlob(digest.Value, ct)
                ?? throw new ScannerFailedException($"blob {digest} of {name} is not in quarantine"));
    }

    private static async Task<byte[]> ManifestBytesAsync(Func<string, CancellationToken, Task<string?>> findBlob, string digest,
        CancellationToken cancellationToken)
    {
        var path = await findBlob(digest, cancellationToken)
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
