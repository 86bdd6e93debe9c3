namespace TransferPipeline.LowSide.Features.Sources;

/// <summary>
/// Configuration section "Sources". Deny by default: only the registry hosts (host[:port]) and URL
/// prefixes (http(s)://host[:port]/path/) in <see cref="Allowed"/> may be requested.
/// </summary>
internal sealed class SourcesOptions
{
    public const string Section = "Sources";

    public List<string> Allowed { get; set; } = [];

    /// <summary>
    /// Per-registry settings. A list rather than a map keyed by host because a host:port is not a valid
    /// .NET configuration key (':' is the section separator).
    /// </summary>
    public List<RegistrySourceOptions> Registries { get; set; } = [];
}
