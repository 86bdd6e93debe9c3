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
}
