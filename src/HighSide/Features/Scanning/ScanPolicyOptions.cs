using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>The `Policy:Scan` section: which findings hold a batch for the officers' waivers. Malware always refuses.</summary>
internal sealed class ScanPolicyOptions
{
    public const string Section = "Policy:Scan";

    /// <summary>Findings at or above this severity hold the batch in blocked-by-scan until officers waive each one.</summary>
    public ScanSeverity BlockAt { get; set; } = ScanSeverity.High;

    /// <summary>Scanner data older than this at the time of the scan is itself a blocking finding.</summary>
    public TimeSpan MaxDataAge { get; set; } = TimeSpan.FromDays(30);
}
