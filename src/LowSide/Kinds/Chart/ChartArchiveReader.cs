using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TransferPipeline.Shared;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Reads a chart archive (.tgz) once, entry by entry, into a <see cref="ChartNode"/> tree: Chart.yaml and values.yaml of
/// the chart and of each subchart under charts/ (a directory or a nested .tgz, read as it streams), and the literal
/// images of templates. Every other file is skipped; entries, bytes, file sizes and nesting are held to the limits.
/// </summary>
internal sealed class ChartArchiveReader(ChartImageLimits limits)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly ChartArchiveBudget _budget = new(limits);

    public Task<ChartNode> ReadAsync(Stream archive, CancellationToken ct) => ReadAsync(archive, new ChartNode(string.Empty, 0), ct);

    private async Task<ChartNode> ReadAsync(Stream archive, ChartNode chart, CancellationToken ct)
    {
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            await using var counted = new ChartBudgetStream(gzip, _budget);
            await using var tar = new TarReader(counted, leaveOpen: true);
            string? top = null;
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                _budget.CountEntry(chart.Prefix + entry.Name);
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                    || Segments(entry.Name, chart) is not { Length: >= 2 } segments)
                {
                    continue;
                }

                top ??= segments[0];
                if (segments[0] != top)
                {
                    throw new ChartImageException(
                        $"{chart.Describe("archive")} has more than one top-level directory ('{DisplayText.Printable(top)}' and "
                        + $"'{DisplayText.Printable(segments[0])}'); a chart archive holds one chart directory");
                }

                await AddAsync(chart, segments[1..], entry, ct);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            var what = chart.Location.Length == 0 ? "the chart archive" : chart.Location;
            throw new ChartImageException($"{what} is not a readable chart archive (.tgz): {ex.Message}", ex);
        }

        return chart;
    }

    private static string[]? Segments(string name, ChartNode chart)
    {
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (name.StartsWith('/') || segments.Contains(".."))
        {
            throw new ChartImageException(
                $"{chart.Describe("archive")} has an entry with an absolute path or '..': '{DisplayText.Printable(name)}'");
        }

        return segments;
    }

    private async Task AddAsync(ChartNode root, string[] path, TarEntry entry, CancellationToken ct)
    {
        var chart = root;
        var at = 0;
        while (path.Length - at >= 3 && path[at] == "charts")
        {
            var name = path[at + 1];
            if (!chart.Directories.TryGetValue(name, out var subchart))
            {
                subchart = new ChartNode($"{chart.Prefix}charts/{name}", CheckDepth(chart, name));
                chart.Directories.Add(name, subchart);
            }

            chart = subchart;
            at += 2;
        }

        var relative = string.Join('/', path[at..]);
        if (relative == "Chart.yaml")
        {
            chart.ChartYaml = await ReadTextAsync(entry, chart.Describe(relative), ct);
        }
        else if (relative == "values.yaml")
        {
            chart.ValuesYaml = await ReadTextAsync(entry, chart.Describe(relative), ct);
        }
        else if (ChartTemplateImages.IsTemplate(relative))
        {
            var origin = chart.Describe(relative);
            ChartTemplateImages.Scan(await ReadTextAsync(entry, origin, ct), origin, chart, limits.MaxImages);
        }
        else if (path.Length - at == 2 && path[at] == "charts"
            && path[at + 1].EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) && entry.DataStream is { } data)
        {
            var name = path[at + 1];
            chart.Archives.Add(await ReadAsync(data, new ChartNode($"{chart.Prefix}charts/{name}", CheckDepth(chart, name)), ct));
        }
    }

    private int CheckDepth(ChartNode parent, string name)
    {
        if (parent.Depth + 1 > limits.MaxDepth)
        {
            throw new ChartImageException(
                $"{parent.Prefix}charts/{DisplayText.Printable(name)} nests subcharts deeper than {limits.MaxDepth} levels (the limit)");
        }

        return parent.Depth + 1;
    }

    private async Task<string> ReadTextAsync(TarEntry entry, string file, CancellationToken ct)
    {
        if (entry.Length > limits.MaxFileBytes)
        {
            throw new ChartImageException(
                $"{file} is {ByteSize.Format(entry.Length)}, over the {ByteSize.Format(limits.MaxFileBytes)} the resolver reads "
                + "of one chart file");
        }

        var content = new byte[entry.Length];
        if (entry.DataStream is { } data)
        {
            await data.ReadExactlyAsync(content, ct);
        }

        return Utf8.GetString(content).TrimStart('\uFEFF');
    }
}
