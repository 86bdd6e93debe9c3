namespace TransferPipeline.Shared.Scanning.ClamAv;

/// <summary>How to run ClamAV: `clamscan` with a directory of signature files.</summary>
public sealed class ClamAvOptions
{
    /// <summary>A directory of ClamAV signature files (.cvd, .cld, .hdb, .ndb, ...); required when scanning is on.</summary>
    public string? Database { get; set; }

    /// <summary>The clamscan executable.</summary>
    public string Executable { get; set; } = "/usr/bin/clamscan";

    /// <summary>A scan that runs longer is killed and counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// Files (and archive members) larger than this are not scanned and are reported as a finding, never
    /// passed as clean. ClamAV cannot scan more than 2 GiB - 1 bytes of one file.
    /// </summary>
    public int MaxFileSizeMiB { get; set; } = 2047;
}
