using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Scanning;

/// <summary>How serious a finding is, in increasing order; policy thresholds compare these values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScanSeverity>))]
public enum ScanSeverity
{
    /// <summary>The data gave no severity.</summary>
    Unknown = 0,

    Low = 1,

    Medium = 2,

    High = 3,

    Critical = 4,
}
