namespace TransferPipeline.Hosting.Backup;

/// <summary>One file in a backup archive: its path inside the archive, its length and its SHA-256 (lowercase hex).</summary>
public sealed record BackupEntry(string Path, long Bytes, string Sha256);
