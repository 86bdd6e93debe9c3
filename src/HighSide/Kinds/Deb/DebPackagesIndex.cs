using System.IO.Compression;
using System.Text;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Writes one binary-ARCH index of a suite: Packages (the stanzas, separated by empty lines) and Packages.gz, each
/// atomically, and a copy of each under by-hash/SHA256/HEX so a client that read a Release fetches the index it lists
/// even while a newer one is being written.
/// </summary>
internal static class DebPackagesIndex
{
    public static async Task<IReadOnlyList<DebReleaseEntry>> WriteAsync(string mirror, string suiteDirectory, string component,
        string architecture, IAsyncEnumerable<string> stanzas, CancellationToken cancellationToken)
    {
        var relative = $"{component}/binary-{architecture}";
        var directory = Path.Combine(suiteDirectory, component, $"binary-{architecture}");
        StagedFile.EnsureDirectories(mirror, directory);
        var packages = Path.Combine(directory, "Packages");
        await StagedFile.WriteAsync(packages, (output, ct) => WriteStanzasAsync(output, stanzas, ct), cancellationToken);
        var compressed = packages + ".gz";
        await StagedFile.WriteAsync(compressed, async (output, ct) =>
        {
            await using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
            await using var input = Sha256Digest.OpenSequential(packages);
            await input.CopyToAsync(gzip, ct);
        }, cancellationToken);

        var byHash = Path.Combine(directory, "by-hash", "SHA256");
        StagedFile.EnsureDirectories(mirror, byHash);
        var entries = new List<DebReleaseEntry>();
        foreach (var (file, name) in new[] { (packages, "Packages"), (compressed, "Packages.gz") })
        {
            var hashed = await Sha256Digest.ComputeFileAsync(file, cancellationToken);
            await StagedFile.PublishAsync(file, hashed.Sha256, Path.Combine(byHash, hashed.Sha256), cancellationToken);
            entries.Add(new DebReleaseEntry($"{relative}/{name}", hashed.Sha256, hashed.Length));
        }

        return entries;
    }

    private static async Task WriteStanzasAsync(Stream output, IAsyncEnumerable<string> stanzas, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        var first = true;
        await foreach (var stanza in stanzas.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(first ? stanza : "\n" + stanza);
            await writer.WriteAsync('\n');
            first = false;
        }
    }
}
