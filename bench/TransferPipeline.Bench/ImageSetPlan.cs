namespace TransferPipeline.Bench;

/// <summary>
/// Many images shaped like a registry's: each starts from one of four base layers (tens of MiB), two in three add one of
/// eight shared runtime layers, and each has one to five layers of its own, from a few KiB to tens of MiB (log-uniform,
/// so most are small and a few are large). The layers of their own are scaled so that the distinct blobs add up to
/// about the total asked for. The same for every run (fixed seed).
/// </summary>
internal static class ImageSetPlan
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;
    private const int BaseLayers = 4;
    private const int RuntimeLayers = 8;

    public static IReadOnlyList<IReadOnlyList<LayerPlan>> Of(long totalBytes, int imageCount)
    {
        var random = new Random(42);
        var seed = 1;
        var bases = Enumerable.Range(0, BaseLayers).Select(_ => new LayerPlan(Jitter(random, totalBytes / 40, 64 * KiB, 48 * MiB), seed++)).ToList();
        var runtimes = Enumerable.Range(0, RuntimeLayers).Select(_ => new LayerPlan(Jitter(random, totalBytes / 100, 16 * KiB, 24 * MiB), seed++)).ToList();
        var own = new List<List<long>>(imageCount);
        for (var i = 0; i < imageCount; i++)
        {
            own.Add([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => LogUniform(random, 4 * KiB, 64 * MiB))]);
        }

        var shared = bases.Take(Math.Min(BaseLayers, imageCount)).Sum(l => l.Size)
            + runtimes.Where((_, r) => Enumerable.Range(0, imageCount).Any(i => UsesRuntime(i) && i % RuntimeLayers == r)).Sum(l => l.Size);
        var drawn = own.Sum(layers => layers.Sum());
        var scale = Math.Max(totalBytes - shared, imageCount * 4 * KiB) / (double)drawn;
        var images = new List<IReadOnlyList<LayerPlan>>(imageCount);
        for (var i = 0; i < imageCount; i++)
        {
            var layers = new List<LayerPlan> { bases[i % BaseLayers] };
            if (UsesRuntime(i))
            {
                layers.Add(runtimes[i % RuntimeLayers]);
            }

            layers.AddRange(own[i].Select(size => new LayerPlan(Math.Max(1 * KiB, (long)(size * scale)), seed++)));
            images.Add(layers);
        }

        return images;
    }

    private static bool UsesRuntime(int image) => image % 3 != 0;

    private static long Jitter(Random random, long size, long min, long max) =>
        Math.Clamp((long)(size * (0.75 + (random.NextDouble() / 2))), min, max);

    private static long LogUniform(Random random, long min, long max) =>
        (long)Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min))));
}
