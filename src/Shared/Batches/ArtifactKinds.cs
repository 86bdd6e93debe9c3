namespace TransferPipeline.Shared.Batches;

/// <summary>The kinds of artifact a batch can carry.</summary>
public static class ArtifactKinds
{
    public const string Image = "image";
    public const string File = "file";
    public const string Chart = "chart";

    public static bool IsKnown(string? kind) => kind is Image or File or Chart;
}
