namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>How much of a chart archive <see cref="ChartImageResolver"/> reads before it refuses the chart.</summary>
internal sealed record ChartImageLimits
{
    /// <summary>Uncompressed bytes read in total, nested subchart archives included.</summary>
    public long MaxArchiveBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Size of one file the resolver reads (Chart.yaml, values.yaml, a template).</summary>
    public int MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Tar entries in total, nested subchart archives included.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>How deep subcharts may nest below the chart.</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Distinct images one chart may bring.</summary>
    public int MaxImages { get; init; } = 500;

    /// <summary>
    /// Charts resolved, the chart and each of its subcharts under each alias: a subchart is resolved once per alias its
    /// parent gives it, so a Chart.yaml naming one subchart under thousands of aliases, nested, would otherwise cost
    /// without bound.
    /// </summary>
    public int MaxResolvedCharts { get; init; } = 1_000;

    /// <summary>Bytes of values.yaml parsed in total, a subchart's counted again for each alias it is resolved under.</summary>
    public long MaxParsedValuesBytes { get; init; } = 64L * 1024 * 1024;
}
