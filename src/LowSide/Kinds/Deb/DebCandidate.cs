namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// What resolution needs of one stanza of the Packages index, and no more (an index holds tens of thousands): its identity,
/// its relationship fields as written, what it provides, and its place in the index to take its full stanza from later.
/// </summary>
internal sealed record DebCandidate(
    string Package,
    string Version,
    int Ordinal,
    string? PreDepends,
    string? Depends,
    IReadOnlyList<DebRelation> Provides)
{
    public override string ToString() => $"{Package} {Version}";
}
