using TransferPipeline.Hosting.Data.PostgreSqlMove;

namespace TransferPipeline.Hosting.Backup;

/// <summary>The reason codes of `backup` and `restore`, stable for scripts.</summary>
public static class BackupReasons
{
    /// <summary>An entry's hash or length differs from the manifest, an entry is missing or extra, or the manifest is missing.</summary>
    public const string Tampered = "backup-tampered";

    /// <summary>The file is not a tar archive this product wrote (truncated, another format, a path outside the archive).</summary>
    public const string Unreadable = "backup-unreadable";

    /// <summary>The archive was written by the other side.</summary>
    public const string WrongSide = "backup-wrong-side";

    /// <summary>The archive's schema is newer than this executable knows: restore it with the version that wrote it.</summary>
    public const string SchemaTooNew = "backup-schema-too-new";

    /// <summary>The data directory to restore into exists and holds files.</summary>
    public const string DataDirectoryNotEmpty = "data-directory-not-empty";

    /// <summary>A process of the site wrote a heartbeat within Workers:StaleAfter.</summary>
    public const string SiteRunning = MoveReasons.SiteRunning;

    /// <summary>The PostgreSQL database to restore into already has tables.</summary>
    public const string TargetNotEmpty = MoveReasons.TargetNotEmpty;

    /// <summary>pg_dump or pg_restore could not be started or failed.</summary>
    public const string ToolFailed = "backup-tool-failed";

    /// <summary>The backup file's directory does not exist, or the file is inside what it would back up.</summary>
    public const string InvalidTarget = "backup-invalid-target";
}
