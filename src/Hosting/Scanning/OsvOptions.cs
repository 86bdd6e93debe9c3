namespace TransferPipeline.Hosting.Scanning;

/// <summary>The `Scanning:Osv` section: vulnerability data in the OSV format, matched against each image's packages.</summary>
public sealed class OsvOptions
{
    /// <summary>A directory of OSV records: loose `*.json` files and `all.zip` exports, in any sub-directories.</summary>
    public string? Database { get; set; }
}
