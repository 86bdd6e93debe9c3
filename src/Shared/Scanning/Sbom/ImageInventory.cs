using System.IO.Compression;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Finds the packages an image holds: reads each layer once, streaming, in order, applies whiteouts, keeps only the
/// package database and lock files (each under a cap), then parses them. gzip and plain tar layers are read; zstd and
/// other layers are listed in <see cref="PackageInventory.UnreadableLayers"/>, never guessed at.
/// </summary>
public static class ImageInventory
{
    /// <summary>Reads <paramref name="layers"/> (bottom first), opening each blob through <paramref name="openBlob"/>.</summary>
    /// <exception cref="SbomException">A kept file over its cap, too many kept files, or a layer that is not a tar archive.</exception>
    public static async Task<PackageInventory> ReadAsync(
        IReadOnlyList<OciDescriptor> layers,
        Func<Digest, CancellationToken, Task<Stream>> openBlob,
        InventoryLimits? limits = null,
        CancellationToken ct = default)
    {
        var files = new LayeredFiles(limits ?? InventoryLimits.Default);
        var unreadable = new List<UnreadableLayer>();
        var warnings = new List<string>();
        foreach (var layer in layers)
        {
            bool gzip;
            switch (layer.MediaType)
            {
                case OciMediaTypes.ImageLayerGzip or OciMediaTypes.DockerLayerGzip:
                    gzip = true;
                    break;
                case OciMediaTypes.ImageLayer:
                    gzip = false;
                    break;
                default:
                    unreadable.Add(new UnreadableLayer(layer.Digest, layer.MediaType, Unreadable(layer.MediaType)));
                    continue;
            }

            await ReadLayerAsync(layer.Digest, gzip, openBlob, files, warnings.Add, ct);
        }

        return InventoryBuilder.Build(files.Files, unreadable, warnings);
    }

    private static async Task ReadLayerAsync(
        Digest layer,
        bool gzip,
        Func<Digest, CancellationToken, Task<Stream>> openBlob,
        LayeredFiles files,
        Action<string> warn,
        CancellationToken ct)
    {
        await using var blob = await openBlob(layer, ct);
        await using var tar = gzip ? new GZipStream(blob, CompressionMode.Decompress, leaveOpen: true) : blob;
        try
        {
            await LayerArchive.ReadAsync(tar, layer, files, warn, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new SbomException(SbomError.LayerUnreadable, $"Layer {layer.Value} is not a readable tar archive: {ex.Message}", ex);
        }
    }

    private static string Unreadable(string mediaType) =>
        mediaType == OciMediaTypes.ImageLayerZstd
            ? "zstd-compressed layers are not read"
            : $"media type '{DisplayText.Printable(mediaType)}' is not a tar or gzip-compressed tar layer";
}
