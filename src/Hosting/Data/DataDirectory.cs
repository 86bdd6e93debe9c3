namespace TransferPipeline.Hosting.Data;

/// <summary>
/// A side's data directory and the places both sides have in it; a feature that needs a place of its
/// own combines it from <see cref="Root"/>. Relative paths in the configuration are resolved here.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string root, HostSide side)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(side);
        Root = Path.GetFullPath(root);
        Side = side;
    }

    public string Root { get; }

    public HostSide Side { get; }

    public string ConfigFile => Combine(Side.ConfigFileName);

    public string DatabaseFile => Combine(Side.DatabaseFileName);

    public string KeysDirectory => Combine("keys");

    public string LogsDirectory => Combine("logs");

    public string AuditMirrorFile => Combine(Side.AuditMirror);

    /// <summary>The site key pair's default place without its extension: PREFIX.key and PREFIX.pub.</summary>
    public string SiteKeyPrefix => Path.ChangeExtension(Combine(Side.SiteKeyFile), null);

    /// <summary>The configuration file is written last by `init`: its presence marks the directory as initialised.</summary>
    public bool IsInitialized => File.Exists(ConfigFile);

    /// <summary>A place inside the data directory.</summary>
    public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path from the configuration: relative paths are inside the data directory, absolute ones stay.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, Root);

    public override string ToString() => Root;
}
