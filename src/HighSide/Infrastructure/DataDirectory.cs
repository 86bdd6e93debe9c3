namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Where the high side keeps its state: one directory, laid out the same on every installation.</summary>
internal sealed class DataDirectory(string root)
{
    public const string EnvironmentVariable = "HIGHSIDE_DATA";

    public string Root { get; } = Path.GetFullPath(root);

    public string ConfigFile => Path.Combine(Root, "highside.json");

    public string Database => Path.Combine(Root, "highside.db");

    public string Quarantine => Path.Combine(Root, "quarantine");

    /// <summary>Volumes being copied from media; anything here after a crash is discarded.</summary>
    public string Incoming => Path.Combine(Root, "quarantine", ".incoming");

    public string Keys => Path.Combine(Root, "keys");

    public string SiteKeyPrefix => Path.Combine(Keys, "highside");

    public string Logs => Path.Combine(Root, "logs");

    public string AuditFile => Path.Combine(Root, "audit.jsonl");

    public string BatchDirectory(string quarantineId) => Path.Combine(Quarantine, quarantineId);

    public string BatchVolumes(string quarantineId) => Path.Combine(Quarantine, quarantineId, "volumes");

    public string BatchBlobs(string quarantineId) => Path.Combine(Quarantine, quarantineId, "blobs");

    public bool IsInitialized => File.Exists(ConfigFile) && File.Exists(Database);
}
