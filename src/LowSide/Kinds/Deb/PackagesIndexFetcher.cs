using System.IO.Compression;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// Fetches the Packages index of one component and architecture as the verified Release lists it (Packages.gz, else
/// Packages.xz, else Packages), checks its size and SHA-256, and leaves it decompressed in a file for two streaming reads.
/// </summary>
internal sealed class PackagesIndexFetcher(HttpFileDownloader downloader)
{
    /// <summary>The largest index read once decompressed (Debian's main amd64 index is about 60 MiB).</summary>
    public const long MaxIndexBytes = 1L << 30;

    private static readonly TimeSpan DecompressTimeout = TimeSpan.FromMinutes(10);

    // In apt's order of preference: the smallest download that needs no tool, then the smallest, then none.
    private static readonly string[] Compressions = [".gz", ".xz", ""];

    /// <summary>Downloads the index into <paramref name="directory"/> and returns the path of its decompressed text.</summary>
    public async Task<string> FetchAsync(
        DebianSource source, string architecture, VerifiedRelease release, string directory, CancellationToken ct)
    {
        var stem = $"{source.Component}/binary-{architecture}/Packages";
        var file = Compressions.Select(ext => release.Files.GetValueOrDefault(stem + ext)).FirstOrDefault(f => f is not null)
            ?? throw new GatherRefusedException(
                $"repository {source.RepositoryText}: the Release of {source.Suite} lists no {stem} index "
                + "(component or architecture not served)");
        if (file.Size > MaxIndexBytes)
        {
            throw new GatherRefusedException($"repository {source.RepositoryText}: {file.Path} is larger than {MaxIndexBytes} bytes");
        }

        var relative = release.AcquireByHash
            ? $"{Path.GetDirectoryName(file.Path)!.Replace('\\', '/')}/by-hash/SHA256/{file.Sha256}"
            : file.Path;
        var downloaded = Path.Combine(directory, "Packages.download");
        await downloader.DownloadFileAsync(source.Resolve($"dists/{source.Suite}/{relative}"), downloaded, file.Size, file.Sha256, ct);
        if (file.Path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return await GunzipAsync(downloaded, Path.Combine(directory, "Packages"), ct);
        }

        return file.Path.EndsWith(".xz", StringComparison.Ordinal) ? await UnxzAsync(downloaded, directory, ct) : downloaded;
    }

    private static async Task<string> GunzipAsync(string compressed, string plain, CancellationToken ct)
    {
        try
        {
            await using var input = System.IO.File.OpenRead(compressed);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using var output = System.IO.File.Create(plain);
            await new BoundedReadStream(gzip, MaxIndexBytes).CopyToAsync(output, ct);
        }
        catch (InvalidDataException ex)
        {
            throw new GatherRefusedException($"Packages.gz does not decompress within {MaxIndexBytes} bytes: {ex.Message}");
        }

        return plain;
    }

    private static async Task<string> UnxzAsync(string compressed, string directory, CancellationToken ct)
    {
        var plain = Path.Combine(directory, "Packages");
        DebToolResult result;
        await using (var output = System.IO.File.Create(plain))
        {
            result = await DebTool.RunAsync("xz", ["-dc", "--", compressed], directory, output, MaxIndexBytes, DecompressTimeout, ct);
        }

        return result.ExitCode == 0
            ? plain
            : throw new GatherRefusedException($"Packages.xz does not decompress: {result.StandardError}");
    }
}
