using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Scanning;

/// <summary>What sort of thing a scanner found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScanFindingKind>))]
public enum ScanFindingKind
{
    /// <summary>A malware signature matched: never publishable, never waived.</summary>
    Malware,

    /// <summary>A known vulnerability in a package the artifact contains.</summary>
    Vulnerability,

    /// <summary>A policy condition, such as scanner data older than the policy allows.</summary>
    Policy,

    /// <summary>A required upstream signature is missing or does not verify: never publishable, never waived.</summary>
    Signature,
}
