using System.Globalization;
using System.Text;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Finds the container images a Helm chart archive needs, without rendering it: images declared in Chart.yaml
/// annotations, image values in values.yaml, literal <c>image:</c> lines in templates, and the same for every subchart
/// vendored under charts/ (with the parent's values for it and its globals merged over its own, as Helm does).
/// </summary>
internal static class ChartImageResolver
{
    /// <summary>Reads <paramref name="chartArchive"/> once; throws <see cref="ChartImageException"/> when the chart is refused.</summary>
    public static async Task<IReadOnlyList<ChartImage>> ResolveAsync(Stream chartArchive, ChartImageLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var chart = await new ChartArchiveReader(limits).ReadAsync(chartArchive, ct);
        var found = new ChartImageSet(limits.MaxImages);
        Resolve(chart, [], null, null, found, new Walk(limits, ct));
        return found.Images;
    }

    // Depth is held by the reader; the chain catches a subchart that vendors a chart above it (a → b → a).
    private static void Resolve(
        ChartNode chart,
        IReadOnlyList<string> chain,
        Dictionary<string, object?>? overrides,
        Dictionary<string, object?>? parentGlobal,
        ChartImageSet found,
        Walk walk)
    {
        walk.Enter(chart);
        var metadata = chart.Metadata;
        IReadOnlyList<string> path = [.. chain, metadata.Id];
        if (chain.Contains(metadata.Id))
        {
            throw new ChartImageException($"{chart.Location} makes a subchart loop: {string.Join(" → ", path)}");
        }

        var subcharts = SubchartsByValuesKey(chart);
        ChartAnnotationImages.Find(chart, found);
        var valuesFile = chart.Describe("values.yaml");
        var values = Merge(ChartYaml.Map(ChartYaml.Parse(chart.ValuesYaml, valuesFile)), overrides);
        if (parentGlobal is not null)
        {
            values["global"] = Merge(ChartYaml.Map(values.GetValueOrDefault("global")), parentGlobal);
        }

        // Values under a subchart's key are the subchart's: they are found (merged over its defaults) when it is resolved.
        var own = values.Where(v => subcharts.All(s => s.Key != v.Key)).ToDictionary(StringComparer.Ordinal);
        ChartValueImages.Find(own, valuesFile, metadata.AppVersion, found);
        foreach (var image in chart.TemplateImages)
        {
            found.Add(image);
        }

        var global = ChartYaml.Map(values.GetValueOrDefault("global"));
        foreach (var (key, subchart) in subcharts)
        {
            Resolve(subchart, path, ChartYaml.Map(values.GetValueOrDefault(key)), global, found, walk);
        }
    }

    /// <summary>Each vendored subchart under the key its values live at: its aliases, else its name.</summary>
    private static List<KeyValuePair<string, ChartNode>> SubchartsByValuesKey(ChartNode chart)
    {
        var dependencies = chart.Metadata.Dependencies;
        var subcharts = chart.Subcharts.ToList();
        var missing = dependencies.Where(d => subcharts.All(s => s.Metadata.Name != d.Name)).Select(d => d.Name).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new ChartImageException(
                $"{chart.Describe("Chart.yaml")} depends on {string.Join(", ", missing)}, not vendored in "
                + $"{chart.Prefix}charts/; package the chart with `helm dependency build` first");
        }

        return [.. subcharts.SelectMany(subchart =>
        {
            var keys = dependencies.Where(d => d.Name == subchart.Metadata.Name).Select(d => d.ValuesKey).Distinct().ToList();
            return (keys.Count > 0 ? keys : [subchart.Metadata.Name]).Select(key => KeyValuePair.Create(key, subchart));
        })];
    }

    /// <summary>What resolving has cost so far: the charts resolved and the values.yaml bytes parsed, against their limits.</summary>
    private sealed class Walk(ChartImageLimits limits, CancellationToken ct)
    {
        private int _charts;
        private long _valuesBytes;

        public void Enter(ChartNode chart)
        {
            ct.ThrowIfCancellationRequested();
            if (++_charts > limits.MaxResolvedCharts)
            {
                throw new ChartImageException(string.Create(CultureInfo.InvariantCulture,
                    $"the chart resolves more than {limits.MaxResolvedCharts} charts (each subchart once per alias its parent gives it)"));
            }

            _valuesBytes += chart.ValuesYaml is null ? 0 : Encoding.UTF8.GetByteCount(chart.ValuesYaml);
            if (_valuesBytes > limits.MaxParsedValuesBytes)
            {
                throw new ChartImageException(string.Create(CultureInfo.InvariantCulture,
                    $"the chart's values files take more than {limits.MaxParsedValuesBytes >> 20} MiB to read, each subchart's once per alias"));
            }
        }
    }

    /// <summary>A new mapping: <paramref name="defaults"/> with <paramref name="overrides"/> merged over it, mapping by mapping.</summary>
    private static Dictionary<string, object?> Merge(Dictionary<string, object?>? defaults, Dictionary<string, object?>? overrides)
    {
        var merged = defaults is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new(defaults, StringComparer.Ordinal);
        foreach (var (key, value) in overrides ?? [])
        {
            merged[key] = value is Dictionary<string, object?> map && merged.GetValueOrDefault(key) is Dictionary<string, object?> below
                ? Merge(below, map)
                : value;
        }

        return merged;
    }
}
