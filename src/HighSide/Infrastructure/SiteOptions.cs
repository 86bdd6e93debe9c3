namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>The `Site` section: who this high side is and where its own signing key lives.</summary>
internal sealed class SiteOptions
{
    public const string Section = "Site";

    public string Id { get; set; } = "";

    /// <summary>The high side's minisign secret key (signs receipts and audit checkpoints); relative to the data directory.</summary>
    public string KeyFile { get; set; } = "keys/highside.key";

    /// <summary>A file whose first line is the key password; unset for an unencrypted key.</summary>
    public string? KeyPasswordFile { get; set; }
}
