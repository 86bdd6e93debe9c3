namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>
/// Mirrors:NuGet, the NuGet feed's directory (unset, nuget artifacts cannot be published), and Mirrors:NuGetUrl, the URL clients
/// reach it at: the service index names the flat container by it.
/// </summary>
internal sealed class NuGetMirrorOptions
{
    public const string Section = "Mirrors";

    public string? NuGet { get; set; }

    public string? NuGetUrl { get; set; }

    /// <summary><see cref="NuGetUrl"/> without its final '/', to which the feed's paths are appended.</summary>
    public string BaseUrl => (NuGetUrl ?? "").TrimEnd('/');
}
