namespace TransferPipeline.HighSide.Kinds.File;

/// <summary>Mirrors:Files: the file mirror directory; unset, file artifacts cannot be published.</summary>
internal sealed class FileMirrorOptions
{
    public const string Section = "Mirrors";

    public string? Files { get; set; }
}
