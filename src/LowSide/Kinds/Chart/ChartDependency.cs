namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>One entry of Chart.yaml <c>dependencies</c>; its values live under <see cref="ValuesKey"/> in the parent.</summary>
internal sealed record ChartDependency(string Name, string? Alias)
{
    public string ValuesKey => Alias ?? Name;
}
