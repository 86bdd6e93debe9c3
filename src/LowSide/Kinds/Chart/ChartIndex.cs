namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>The parts of a Helm repository's index.yaml the gatherer reads.</summary>
internal sealed class ChartIndex
{
    public Dictionary<string, List<ChartIndexEntry>> Entries { get; set; } = [];
}
