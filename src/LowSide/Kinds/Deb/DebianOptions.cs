namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// Configuration section "Debian": the OpenPGP public keyrings a repository's InRelease must be signed by, as absolute
/// paths to binary (<c>.gpg</c>) or ASCII-armoured (<c>.asc</c>) files. With none, deb requests are refused when gathered.
/// </summary>
internal sealed class DebianOptions
{
    public const string Section = "Debian";

    public List<string> Keyrings { get; set; } = [];
}
