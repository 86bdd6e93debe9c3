namespace TransferPipeline.HighSide.Features.Import;

/// <summary>The `Import` section: the daemon's drop folder and the clock skew allowed.</summary>
internal sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>A folder the daemon watches for volumes (media mounted or copied there); unset: no watcher.</summary>
    public string? DropFolder { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far ahead of this high side's clock a batch's creation time may be. A batch created later is refused
    /// (created-in-future), and the newest time seen never moves beyond the clock plus this.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromDays(1);
}
