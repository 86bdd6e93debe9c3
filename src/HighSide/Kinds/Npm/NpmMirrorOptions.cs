namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>
/// Mirrors:Npm, the npm registry's directory (unset, npm artifacts cannot be published), and Mirrors:NpmUrl, the URL clients
/// reach it at: packuments name tarballs by it.
/// </summary>
internal sealed class NpmMirrorOptions
{
    public const string Section = "Mirrors";

    public string? Npm { get; set; }

    public string? NpmUrl { get; set; }

    /// <summary><see cref="NpmUrl"/> without its final '/', to which tarball paths are appended.</summary>
    public string BaseUrl => (NpmUrl ?? "").TrimEnd('/');
}
