namespace TransferPipeline.LowSide.Features.Keys;

/// <summary>Configuration section "Site": who this low side is and where its signing key lives.</summary>
internal sealed class SiteOptions
{
    public const string Section = "Site";

    public string Id { get; set; } = "";

    /// <summary>Relative paths are inside the data directory.</summary>
    public string KeyFile { get; set; } = "keys/site.key";

    /// <summary>First line holds the key password; absent for an unencrypted key or to ask via TP_KEY_PASSWORD / the terminal.</summary>
    public string? KeyPasswordFile { get; set; }
}
