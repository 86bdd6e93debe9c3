using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Bench;

/// <summary>`tp-bench make-volume`, `make-layout`, `make-images`: the benchmarks' generated data.</summary>
internal static class BenchCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var shape = new Option<DataShape>("--shape")
        {
            Description = "big (one large blob), mixed (1-256 MiB blobs), small (many 1-64 KiB files), tiny (many 256 B-4 KiB files)",
            Required = true,
        };
        var bytes = new Option<string>("--size") { Description = "Total payload, e.g. 4GiB, 2GiB", DefaultValueFactory = _ => "1GiB" };
        var count = new Option<int>("--files") { Description = "Number of files for the small and tiny shapes", DefaultValueFactory = _ => 50_000 };
        var artifacts = new Option<int>("--artifacts")
        {
            Description = "make-volume: spread the blobs over this many artifacts (default 0: one artifact per 100 blobs)",
        };
        var output = new Option<string>("--out") { Description = "Work directory (content store, media, key)", Required = true };
        var recovery = new Option<int>("--recovery") { Description = "PAR2 recovery data on the volume, percent (0: none)", DefaultValueFactory = _ => 0 };
        var verify = new Option<bool>("--verify") { Description = "Then verify the volume as the cut does, against the hashes read back while writing" };
        var makeVolume = new Command("make-volume", "Generate pseudo-random blobs into a content store and write them as one signed batch volume")
        {
            shape, bytes, count, artifacts, output, recovery, verify,
        };
        makeVolume.SetAction((parse, ct) => VolumeGenerator.RunAsync(
            parse.GetValue(shape), parse.GetValue(bytes)!, parse.GetValue(count), parse.GetValue(artifacts), parse.GetValue(output)!,
            parse.GetValue(recovery), parse.GetValue(verify), ct));
        var layers = new Option<int>("--layers-per-image") { Description = "Layers per image in the layout", DefaultValueFactory = _ => 1000 };
        var registryRoot = new Option<string?>("--seed-registry")
        {
            Description = "Also lay the images out in this docker-registry storage root (blobs as symbolic links), instead of pushing them",
        };
        var repository = new Option<string>("--repository") { Description = "Repository of the seeded images", DefaultValueFactory = _ => "bench/images" };
        var makeLayout = new Command("make-layout", "Generate the blobs of a shape as the layers of images in an OCI layout; prints the tags")
        {
            shape, bytes, count, layers, output, registryRoot, repository,
        };
        makeLayout.SetAction((parse, ct) => LayoutGenerator.RunAsync(
            parse.GetValue(shape), parse.GetValue(bytes)!, parse.GetValue(count), parse.GetValue(layers), parse.GetValue(output)!,
            parse.GetValue(registryRoot) is { } root ? new RegistrySeed(root, parse.GetValue(repository)!) : null, ct));
        var imageCount = new Option<int>("--images") { Description = "Number of images", DefaultValueFactory = _ => 80 };
        var makeImages = new Command("make-images", "Generate many images with shared layers of realistic sizes as an OCI layout; prints the tags")
        {
            bytes, imageCount, output, registryRoot, repository,
        };
        makeImages.SetAction((parse, ct) => ImageSetGenerator.RunAsync(
            parse.GetValue(bytes)!, parse.GetValue(imageCount), parse.GetValue(output)!,
            parse.GetValue(registryRoot) is { } root ? new RegistrySeed(root, parse.GetValue(repository)!) : null, ct));
        var root = new RootCommand("TransferPipeline benchmark helper") { makeVolume, makeLayout, makeImages };
        var result = await root.Parse(args).InvokeAsync();
        return result == 0 ? ExitCodes.Ok : result;
    }
}
