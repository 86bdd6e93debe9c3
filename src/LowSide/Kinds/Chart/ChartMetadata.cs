namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>What the resolver uses of a Chart.yaml.</summary>
internal sealed record ChartMetadata(
    string Name,
    string Version,
    string? AppVersion,
    Dictionary<string, object?> Annotations,
    IReadOnlyList<ChartDependency> Dependencies)
{
    public string Id => $"{Name}@{Version}";

    public static ChartMetadata Read(ChartNode chart)
    {
        var file = chart.Describe("Chart.yaml");
        if (chart.ChartYaml is null)
        {
            throw new ChartImageException($"{file} is missing: every chart and vendored subchart needs one");
        }

        var root = ChartYaml.Map(ChartYaml.Parse(chart.ChartYaml, file))
            ?? throw new ChartImageException($"{file} is not a YAML mapping");
        var name = ChartYaml.Text(root.GetValueOrDefault("name")) ?? throw new ChartImageException($"{file} has no name");
        var dependencies = new List<ChartDependency>();
        if (root.GetValueOrDefault("dependencies") is List<object?> list)
        {
            foreach (var item in list)
            {
                var entry = ChartYaml.Map(item);
                var dependency = ChartYaml.Text(entry?.GetValueOrDefault("name"))
                    ?? throw new ChartImageException($"{file} has a dependency without a name");
                dependencies.Add(new ChartDependency(dependency, ChartYaml.Text(entry?.GetValueOrDefault("alias"))));
            }
        }

        return new ChartMetadata(
            name,
            ChartYaml.Text(root.GetValueOrDefault("version")) ?? string.Empty,
            ChartYaml.Text(root.GetValueOrDefault("appVersion")),
            ChartYaml.Map(root.GetValueOrDefault("annotations")) ?? [],
            dependencies);
    }
}
