namespace TransferPipeline.Hosting.Backup;

/// <summary>A backup written: the archive, its length and its manifest.</summary>
public sealed record BackupSummary(string File, long Bytes, BackupManifest Manifest);
