namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>One chart version in index.yaml: its archive URLs and the archive's sha256.</summary>
internal sealed class ChartIndexEntry
{
    public string? Version { get; set; }
    public List<string> Urls { get; set; } = [];
    public string? Digest { get; set; }
}
