using System.Globalization;
using System.Text;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Bench;

/// <summary>
/// Writes an OCI image layout by hand whose layers are the blobs of a data shape, so gather and publish
/// can be measured on a 4 GiB layer without building one with a tar tool. Layers are pseudo-random
/// bytes declared as uncompressed tar: registries and skopeo move them without looking inside.
/// </summary>
internal static class LayoutGenerator
{
    private const string LayerType = "application/vnd.oci.image.layer.v1.tar";
    private const string ConfigType = "application/vnd.oci.image.config.v1+json";
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Writes the layout; prints one tag per line (img0, img1, ...).</summary>
    public static async Task<int> RunAsync(
        DataShape shape, string size, int fileCount, int layersPerImage, string output, RegistrySeed? registrySeed, CancellationToken cancellationToken)
    {
        if (!ByteSize.TryParse(size, out var totalBytes))
        {
            await Console.Error.WriteLineAsync($"error: '{size}' is not a size");
            return 2;
        }

        var sizes = DataSizes.Of(shape, totalBytes, fileCount).ToList();
        var seed = 1;
        var images = sizes.Chunk(Math.Max(1, layersPerImage)).Select(group => group.Select(size => new LayerPlan(size, seed++)).ToList());
        await WriteAsync(images, output, registrySeed, cancellationToken);
        return 0;
    }

    /// <summary>Writes one image per entry of <paramref name="images"/> (tags img0, img1, ...) and prints the tags; a seed listed twice is one blob.</summary>
    public static async Task WriteAsync(
        IEnumerable<IReadOnlyList<LayerPlan>> images, string output, RegistrySeed? seed, CancellationToken cancellationToken)
    {
        var blobs = Path.Combine(output, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        await File.WriteAllTextAsync(Path.Combine(output, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", cancellationToken);
        var index = new StringBuilder("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[""");
        var written = new Dictionary<int, string>();
        var image = 0;
        foreach (var plan in images)
        {
            var layers = new List<(string Digest, long Size)>(plan.Count);
            foreach (var layer in plan)
            {
                if (!written.TryGetValue(layer.Seed, out var digest))
                {
                    await using var source = new PseudoRandomStream(layer.Size, layer.Seed);
                    digest = written[layer.Seed] = await WriteBlobAsync(blobs, source, cancellationToken);
                }

                layers.Add((digest, layer.Size));
            }

            var diffIds = string.Join(',', layers.Select(l => '"' + l.Digest + '"'));
            var config = Encoding.UTF8.GetBytes(
                $$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[{{{diffIds}}}]}}""");
            var configDigest = await WriteBlobAsync(blobs, new MemoryStream(config), cancellationToken);
            var layerList = string.Join(',', layers.Select(l => string.Create(CultureInfo.InvariantCulture,
                $$"""{"mediaType":"{{LayerType}}","digest":"{{l.Digest}}","size":{{l.Size}}}""")));
            var manifest = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"schemaVersion":2,"mediaType":"{{{ManifestType}}}","config":"""
                + $$$"""{"mediaType":"{{{ConfigType}}}","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":"""
                + $$$"""[{{{layerList}}}]}"""));
            var manifestDigest = await WriteBlobAsync(blobs, new MemoryStream(manifest), cancellationToken);
            var tag = string.Create(CultureInfo.InvariantCulture, $"img{image++}");
            index.Append(image > 1 ? "," : string.Empty).Append(CultureInfo.InvariantCulture,
                $$$"""{"mediaType":"{{{ManifestType}}}","digest":"{{{manifestDigest}}}","size":{{{manifest.Length}}},"annotations":"""
                + $$$"""{"org.opencontainers.image.ref.name":"{{{tag}}}"}}""");
            seed?.AddImage(blobs, tag, manifestDigest, [configDigest, .. layers.Select(l => l.Digest)]);
            Console.WriteLine(tag);
        }

        index.Append("]}");
        await File.WriteAllTextAsync(Path.Combine(output, "index.json"), index.ToString(), cancellationToken);
    }

    private static async Task<string> WriteBlobAsync(string blobs, Stream source, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(blobs, ".incoming");
        HashedLength hashed;
        await using (var destination = File.Create(temporary))
        {
            hashed = await Sha256Digest.CopyAsync(source, destination, null, null, cancellationToken);
        }

        File.Move(temporary, Path.Combine(blobs, hashed.Sha256), overwrite: true);
        return "sha256:" + hashed.Sha256;
    }
}
