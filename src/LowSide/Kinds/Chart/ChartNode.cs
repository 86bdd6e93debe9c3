namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// One chart (the archive's or a vendored subchart) as read from the archive: the files the resolver needs, the images
/// its templates name literally, and its subcharts. <paramref name="location"/> is empty for the chart itself, else the
/// subchart's path inside the archive (<c>charts/redis</c>, <c>charts/a/charts/b-1.0.0.tgz</c>).
/// </summary>
internal sealed class ChartNode(string location, int depth)
{
    private ChartMetadata? _metadata;

    public string Location { get; } = location;

    public int Depth { get; } = depth;

    public string? ChartYaml { get; set; }

    public string? ValuesYaml { get; set; }

    public List<ChartImage> TemplateImages { get; } = [];

    public Dictionary<string, ChartNode> Directories { get; } = new(StringComparer.Ordinal);

    public List<ChartNode> Archives { get; } = [];

    public IEnumerable<ChartNode> Subcharts => Directories.Values.Concat(Archives);

    public ChartMetadata Metadata => _metadata ??= ChartMetadata.Read(this);

    /// <summary>Paths inside this chart start with this (empty for the top chart).</summary>
    public string Prefix => Location.Length == 0 ? string.Empty : Location + "/";

    /// <summary>How messages and origins name <paramref name="file"/> of this chart.</summary>
    public string Describe(string file) => Location.Length == 0 ? file : $"{Location}: {file}";
}
