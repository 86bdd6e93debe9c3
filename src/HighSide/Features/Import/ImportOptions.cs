namespace TransferPipeline.HighSide.Features.Import;

/// <summary>The `Import` section: the daemon's drop folder, the clock skew allowed, how long refused copies stay and the quarantine quota.</summary>
internal sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Quarantine's quota when <see cref="MaxQuarantineBytes"/> is not set: this many of the largest batch accepted.</summary>
    public const int DefaultQuarantineBatches = 4;

    /// <summary>A folder the daemon watches for volumes (media mounted or copied there); unset: no watcher.</summary>
    public string? DropFolder { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far ahead of this high side's clock a batch's creation time may be. A batch created later is refused
    /// (created-in-future), and the newest time seen never moves beyond the clock plus this.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Days a refused batch's copy stays in quarantine (for forensics) before it is removed.</summary>
    public int KeepRefusedDays { get; set; } = 14;

    /// <summary>
    /// Everything in quarantine together (verified batches, their blobs, refused copies) may not exceed this; a copy
    /// that would is refused (quota-exceeded). Unset: <see cref="DefaultQuarantineBatches"/> times Policy:MaxBatchBytes.
    /// </summary>
    public long? MaxQuarantineBytes { get; set; }

    /// <summary>Reads of a region of the media (64 KiB) before it is given up as unreadable and copied as zeros.</summary>
    public int ReadAttempts { get; set; } = 4;

    /// <summary>The wait after a region's first failed read; it doubles after each next one.</summary>
    public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
}
