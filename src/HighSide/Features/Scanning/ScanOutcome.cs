namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// The stored result of a batch's latest scan: done (its findings are stored), failed (why), or skipped (why: a batch of
/// scanner data only, while no ClamAV database is in force).
/// </summary>
internal sealed record ScanOutcome
{
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    public required string BatchId { get; init; }
    public required string Outcome { get; init; }

    /// <summary>The version of each scanner's data, e.g. "clamav daily:27400 main:62".</summary>
    public required string DataVersions { get; init; }

    /// <summary>When the oldest scanner data used was made: what the policy's maximum data age is measured from.</summary>
    public DateTimeOffset? DataTimeUtc { get; init; }

    public string? Error { get; init; }
    public long Files { get; init; }
    public DateTimeOffset FinishedUtc { get; init; }

    public bool Succeeded => Outcome == Done;
}
