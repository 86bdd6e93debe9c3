namespace TransferPipeline.Hosting.Backup;

/// <summary>A restore done: into which data directory, from which backup.</summary>
public sealed record RestoreSummary(string DataDirectory, string File, BackupManifest Manifest);
