namespace TransferPipeline.Hosting.Backup;

/// <summary>The `Backup` section: the daemon's scheduled backups and how many it keeps.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>A Quartz cron expression; empty (the default) schedules no backups.</summary>
    public string? Schedule { get; set; }

    /// <summary>Where scheduled backups go; relative to the data directory (never itself backed up).</summary>
    public string Directory { get; set; } = "backups";

    /// <summary>How many scheduled backups to keep; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>Scheduled backups hold the content store (low side) or quarantine (high side) too.</summary>
    public bool IncludeContent { get; set; }
}
