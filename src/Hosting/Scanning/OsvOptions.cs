namespace TransferPipeline.Hosting.Scanning;

/// <summary>Where the OSV vulnerability records are (Scanning:Osv).</summary>
public sealed class OsvOptions
{
    /// <summary>An absolute path to a directory of OSV records; null when OSV matching is off.</summary>
    public string? Database { get; set; }
}
