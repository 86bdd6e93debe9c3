using System.IO.Compression;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A Debian repository as an archive publishes one, built by the tools Debian itself uses: packages built with
/// dpkg-deb, the Packages index and Release written by apt-ftparchive, InRelease and Release.gpg signed by
/// <see cref="TestOpenPgpKey"/>. Serve the root directory over HTTP and it is a repository apt-get accepts.
/// </summary>
public static class TestDebianRepository
{
    /// <summary>
    /// Builds <paramref name="packages"/> into <paramref name="root"/> for <paramref name="suite"/>/<paramref name="component"/>
    /// and <paramref name="architecture"/> (architecture-all packages are listed there too) and signs its Release with
    /// <paramref name="key"/>. Returns the index's path (dists/SUITE/COMPONENT/binary-ARCH/Packages).
    /// </summary>
    public static async Task<string> CreateAsync(
        string root, IEnumerable<TestDebianPackage> packages, TestOpenPgpKey key,
        string suite = "stable", string component = "main", string architecture = "amd64")
    {
        foreach (var package in packages)
        {
            await BuildDebAsync(package, Path.Combine(root, package.PoolPath(component)));
        }

        var binary = Path.Combine(root, "dists", suite, component, $"binary-{architecture}");
        Directory.CreateDirectory(binary);
        var index = await RunAsync(root, "apt-ftparchive", "packages", $"pool/{component}");
        var packagesFile = Path.Combine(binary, "Packages");
        await File.WriteAllBytesAsync(packagesFile, index.StandardOutputBytes);
        await using (var gz = new GZipStream(File.Create(packagesFile + ".gz"), CompressionLevel.Optimal))
        {
            await gz.WriteAsync(index.StandardOutputBytes);
        }

        await WriteReleaseAsync(root, key, suite, component, architecture);
        return packagesFile;
    }

    /// <summary>
    /// Writes dists/SUITE/Release for the indexes present below it (what apt-ftparchive finds: Packages, .gz, .xz) and signs
    /// it with <paramref name="key"/>: after an index was recompressed or replaced, as an archive republishes.
    /// </summary>
    public static async Task WriteReleaseAsync(
        string root, TestOpenPgpKey key, string suite = "stable", string component = "main", string architecture = "amd64")
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var signed in new[] { "Release", "InRelease", "Release.gpg" })
        {
            File.Delete(Path.Combine(root, "dists", suite, signed));
        }

        var release = await RunAsync(root, "apt-ftparchive",
            "-o", $"APT::FTPArchive::Release::Suite={suite}", "-o", $"APT::FTPArchive::Release::Codename={suite}",
            "-o", "APT::FTPArchive::Release::Origin=Test", "-o", "APT::FTPArchive::Release::Label=Test",
            "-o", $"APT::FTPArchive::Release::Architectures={architecture}", "-o", $"APT::FTPArchive::Release::Components={component}",
            "release", Path.Combine("dists", suite));
        var releaseFile = Path.Combine(root, "dists", suite, "Release");
        await File.WriteAllBytesAsync(releaseFile, release.StandardOutputBytes);
        await key.SignReleaseAsync(releaseFile);
    }

    /// <summary>Builds one .deb at <paramref name="destination"/> with dpkg-deb (root-owned files, gzip members).</summary>
    public static async Task BuildDebAsync(TestDebianPackage package, string destination)
    {
        using var tree = new TempDirectory("debtree");
        Directory.CreateDirectory(tree.Combine("DEBIAN"));
        await File.WriteAllTextAsync(tree.Combine("DEBIAN", "control"), package.ControlText());
        var doc = tree.Combine("usr", "share", "doc", package.Package);
        Directory.CreateDirectory(doc);
        await File.WriteAllTextAsync(Path.Combine(doc, "hello.txt"), package.Content + "\n");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        await RunAsync(tree.Path, "dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree.Path, destination);
    }

    private static async Task<ProcessResult> RunAsync(string directory, string tool, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(tool, arguments, workingDirectory: directory);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {result}");
    }
}
