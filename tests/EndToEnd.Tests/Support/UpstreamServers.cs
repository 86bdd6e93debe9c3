using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// The outside world and the internal mirror, all real processes on 127.0.0.1: a source registry
/// (connected side), a mirror registry (air-gapped side), and nginx serving a file and a Helm chart
/// repository. Sample images are built and pushed with skopeo.
/// </summary>
public sealed class UpstreamServers : IAsyncDisposable
{
    private UpstreamServers(RegistryProcess source, RegistryProcess mirror, NginxProcess web)
    {
        Source = source;
        Mirror = mirror;
        Web = web;
    }

    public RegistryProcess Source { get; }
    public RegistryProcess Mirror { get; }
    public NginxProcess Web { get; }

    public static async Task<UpstreamServers> StartAsync()
    {
        var source = await RegistryProcess.StartAsync();
        var mirror = await RegistryProcess.StartAsync();
        var webRoot = new TempDirectory("web-root");
        var web = await NginxProcess.StartAsync(webRoot.Path);
        return new UpstreamServers(source, mirror, web) { WebRoot = webRoot };
    }

    private readonly Dictionary<string, string> _chartEntries = new(StringComparer.Ordinal);

    private TempDirectory WebRoot { get; init; } = null!;

    /// <summary>Places a file of pseudo-random bytes on the web server; returns its URL and sha256.</summary>
    public async Task<(string Url, string Sha256)> PublishFileAsync(string name, long size, int seed)
    {
        var path = Path.Combine(WebRoot.Path, "files", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = File.Create(path))
        {
            await new PseudoRandomStream(size, seed).CopyToAsync(file);
        }

        await using var read = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read));
        return (new Uri(Web.BaseUri, "files/" + name).ToString(), sha);
    }

    /// <summary>The Debian repository's folder on the web server (dists/, pool/).</summary>
    public string DebianDirectory => Path.Combine(WebRoot.Path, "debian");

    /// <summary>The Debian repository's URL, as a deb request names it (no final slash).</summary>
    public string DebianRepository => new Uri(Web.BaseUri, "debian").ToString();

    /// <summary>The chart repository's folder on the web server: the archives as served.</summary>
    public string ChartDirectory => Path.Combine(WebRoot.Path, "charts");

    /// <summary>
    /// Builds a chart archive and an index.yaml listing it; returns the repository URL. <paramref name="files"/> adds files
    /// inside the chart (values.yaml, templates/...), and <paramref name="chartYamlExtra"/> lines to Chart.yaml (annotations).
    /// </summary>
    public async Task<string> PublishChartAsync(
        string name, string version, IReadOnlyDictionary<string, string>? files = null, string chartYamlExtra = "")
    {
        var directory = ChartDirectory;
        Directory.CreateDirectory(directory);
        var archiveName = $"{name}-{version}.tgz";
        var archive = Path.Combine(directory, archiveName);
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            var chartYaml = $"apiVersion: v2\nname: {name}\nversion: {version}\ndescription: TransferPipeline test chart\n{chartYamlExtra}";
            foreach (var (path, content) in (files ?? new Dictionary<string, string>()).Prepend(new("Chart.yaml", chartYaml)))
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, $"{name}/{path}")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                };
                await tar.WriteEntryAsync(entry);
            }
        }

        await using var read = File.OpenRead(archive);
        var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(read));
        var repository = new Uri(Web.BaseUri, "charts/").ToString();
        _chartEntries[name] = $"""
              {name}:
              - apiVersion: v2
                name: {name}
                version: {version}
                description: TransferPipeline test chart
                digest: {digest}
                urls:
                - {repository}{archiveName}

            """;
        await File.WriteAllTextAsync(Path.Combine(directory, "index.yaml"),
            "apiVersion: v1\nentries:\n" + string.Concat(_chartEntries.Values) + "generated: \"2026-11-22T00:00:00Z\"\n");
        return repository;
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        await Source.DisposeAsync();
        await Mirror.DisposeAsync();
        WebRoot.Dispose();
    }
}
