namespace TransferPipeline.Hosting.Site;

/// <summary>Configuration section "Site": who this side is and where its own signing key lives.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string Id { get; set; } = "";

    /// <summary>The site's minisign secret key; relative paths are inside the data directory.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>A file whose first line is the key password; unset for an unencrypted key (or TP_KEY_PASSWORD, or the terminal).</summary>
    public string? KeyPasswordFile { get; set; }
}
