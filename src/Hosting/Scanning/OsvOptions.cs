using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.Hosting.Scanning;

/// <summary>The `Scanning:Osv` section: vulnerability data in the OSV format, matched against each image's packages.</summary>
public sealed class OsvOptions
{
    /// <summary>A directory of OSV records: loose `*.json` files and `all.zip` exports, in any sub-directories.</summary>
    public string? Database { get; set; }

    /// <summary>
    /// Low side only: a gathered image with a vulnerability at or above this severity fails its request (blocked-by-scan)
    /// before it is cut. Null: the low side only records what it found; the high side's Policy:Scan decides.
    /// </summary>
    public ScanSeverity? StopAt { get; set; }
}
