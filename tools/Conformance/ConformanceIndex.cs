namespace TransferPipeline.Conformance;

/// <summary>OUT/index.json: every vector of the set.</summary>
public sealed record ConformanceIndex(int FormatVersion, IReadOnlyList<ConformanceVector> Vectors)
{
    public const int CurrentFormatVersion = 1;
}
