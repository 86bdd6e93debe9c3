namespace TransferPipeline.Conformance;

/// <summary>What building one vector has at hand: its own directory under the set, the base volumes and the keys.</summary>
internal sealed class VectorBuild(string directory, BaseVolumes bases, ConformanceKeys keys, CancellationToken cancellationToken)
{
    /// <summary>OUT/ID: the vector's volume goes in here, and anything its faults point at outside the volume.</summary>
    public string Directory { get; } = directory;

    public BaseVolumes Bases { get; } = bases;

    public ConformanceKeys Keys { get; } = keys;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Copies a base volume into this vector's directory, under its own name unless another is given.</summary>
    public VolumeEdit Copy(string baseVolume, string? name = null) =>
        VolumeEdit.Copy(baseVolume, Beside(name ?? Path.GetFileName(baseVolume)), Keys);

    /// <summary>A path in the vector's directory, next to (outside) its volume.</summary>
    public string Beside(string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, name);
    }
}
