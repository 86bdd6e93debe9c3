namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>The reason codes of the scan gates.</summary>
internal static class ScanReasons
{
    /// <summary>A malware signature matched: the batch is refused, nothing in it is publishable.</summary>
    public const string MalwareFound = "malware-found";

    /// <summary>An image from a registry Policy:Cosign names lacks a signature that verifies against the high side's keys.</summary>
    public const string SignatureRequired = Shared.Oci.Cosign.CosignVerdict.SignatureRequired;

    /// <summary>Findings at or above the policy's severity wait for the officers' waivers.</summary>
    public const string BlockedByScan = "blocked-by-scan";

    /// <summary>
    /// The batch's scan result or findings differ from what the audit entry of its scan recorded (rows deleted or edited
    /// in the database): the batch is held until it is scanned again.
    /// </summary>
    public const string ResultsAltered = "scan-results-altered";
}
