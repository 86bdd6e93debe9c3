using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace TransferPipeline.LowSide.Tests.Kinds.Chart;

/// <summary>
/// A chart built in memory for the resolver tests: files under the chart's directory, subcharts vendored as directories
/// or as nested .tgz, packed with TarWriter and GZipStream the way `helm package` lays an archive out.
/// </summary>
internal sealed class TestChart(string name, string version = "1.0.0")
{
    private readonly List<(string Path, byte[] Content)> _files = [];
    private string _chartYamlExtra = string.Empty;

    public string Name => name;

    public string Version => version;

    /// <summary>Lines appended to the generated Chart.yaml (appVersion, annotations, dependencies).</summary>
    public TestChart ChartYaml(string extra)
    {
        _chartYamlExtra = extra;
        return this;
    }

    public TestChart File(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public TestChart File(string path, byte[] content)
    {
        _files.Add((path, content));
        return this;
    }

    public TestChart Subchart(TestChart subchart)
    {
        foreach (var (path, content) in subchart.Files())
        {
            File($"charts/{subchart.Name}/{path}", content);
        }

        return this;
    }

    public TestChart PackagedSubchart(TestChart subchart) =>
        File($"charts/{subchart.Name}-{subchart.Version}.tgz", subchart.ToArchive());

    public byte[] ToArchive(string? topDirectory = null)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in Files())
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{topDirectory ?? name}/{path}")
                {
                    DataStream = new MemoryStream(content),
                });
            }
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(tar.ToArray());
        }

        return compressed.ToArray();
    }

    public MemoryStream ToStream() => new(ToArchive());

    private IEnumerable<(string Path, byte[] Content)> Files()
    {
        var chartYaml = $"apiVersion: v2\nname: {name}\nversion: {version}\n{_chartYamlExtra}";
        return _files.Any(f => f.Path == "Chart.yaml") ? _files : _files.Prepend(("Chart.yaml", Encoding.UTF8.GetBytes(chartYaml)));
    }
}
