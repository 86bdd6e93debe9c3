namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>The `Mirrors` section: the internal mirrors approved batches are published to.</summary>
internal sealed class MirrorOptions
{
    public const string Section = "Mirrors";

    public RegistryMirrorOptions Registry { get; set; } = new();

    /// <summary>The file mirror directory; unset: file artifacts cannot be published.</summary>
    public string? Files { get; set; }

    /// <summary>The chart repository directory (charts plus index.yaml); unset: charts cannot be published.</summary>
    public string? Charts { get; set; }
}
