namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>
/// Mirrors:PyPI, the directory of the PEP 503 simple index (unset, pypi artifacts cannot be published). Its pages link files
/// relatively, so the URL it is served at need not be known.
/// </summary>
internal sealed class PyPIMirrorOptions
{
    public const string Section = "Mirrors";

    public string? PyPI { get; set; }
}
