using System.Globalization;
using TransferPipeline.Shared;

namespace TransferPipeline.Bench;

/// <summary>`tp-bench make-images`: an OCI layout of many images with shared layers (<see cref="ImageSetPlan"/>); prints the tags.</summary>
internal static class ImageSetGenerator
{
    public static async Task<int> RunAsync(string size, int imageCount, string output, RegistrySeed? seed, CancellationToken cancellationToken)
    {
        if (!ByteSize.TryParse(size, out var totalBytes) || imageCount < 1)
        {
            await Console.Error.WriteLineAsync($"error: '{size}' is not a size or {imageCount} is not a number of images");
            return 2;
        }

        var images = ImageSetPlan.Of(totalBytes, imageCount);
        var layers = images.SelectMany(i => i).ToList();
        var distinct = layers.DistinctBy(l => l.Seed).ToList();
        var sizes = distinct.Select(l => l.Size).Order().ToList();
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"make-images: {imageCount} images, {layers.Count} layers ({distinct.Count} distinct, {layers.Count - distinct.Count} shared uses), "
            + $"{distinct.Sum(l => l.Size) / 1048576.0:0} MiB distinct, {layers.Sum(l => l.Size) / 1048576.0:0} MiB referenced, "
            + $"layer sizes {sizes[0] / 1024.0:0} KiB to {sizes[^1] / 1048576.0:0.0} MiB, median {sizes[sizes.Count / 2] / 1048576.0:0.00} MiB"));
        await LayoutGenerator.WriteAsync(images, output, seed, cancellationToken);
        return 0;
    }
}
