namespace TransferPipeline.Hosting.Audit;

/// <summary>Configuration section "Audit", the same on both sides: where copies of the audit trail go.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Empty or absent: off. <c>local</c>: the local syslog socket <c>/dev/log</c> (journald or rsyslog).
    /// <c>udp://HOST:PORT</c>: a remote syslog receiver (PORT defaults to 514). Each entry is sent after it commits.
    /// </summary>
    public string? Syslog { get; set; }
}
