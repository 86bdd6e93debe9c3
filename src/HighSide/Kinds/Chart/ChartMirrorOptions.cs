namespace TransferPipeline.HighSide.Kinds.Chart;

/// <summary>Mirrors:Charts: the chart repository directory (charts and index.yaml); unset, charts cannot be published.</summary>
internal sealed class ChartMirrorOptions
{
    public const string Section = "Mirrors";

    public string? Charts { get; set; }
}
