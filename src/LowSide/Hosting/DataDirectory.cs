namespace TransferPipeline.LowSide.Hosting;

/// <summary>The low side's data directory and the fixed places inside it.</summary>
internal sealed record DataDirectory
{
    public const string EnvironmentVariable = "LOWSIDE_DATA";

    public DataDirectory(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }
    public string ConfigFile => Path.Combine(Root, "lowside.json");
    public string DatabaseFile => Path.Combine(Root, "lowside.db");
    public string StoreDirectory => Path.Combine(Root, "store");
    public string KeysDirectory => Path.Combine(Root, "keys");
    public string SiteKeyPrefix => Path.Combine(KeysDirectory, "site");
    public string SitePublicKeyFile => SiteKeyPrefix + ".pub";
    public string LogsDirectory => Path.Combine(Root, "logs");
    public string TrustDirectory => Path.Combine(Root, "trust");

    /// <summary>Resolves a path from the configuration: relative paths are inside the data directory.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, Root);

    /// <summary>--data, else LOWSIDE_DATA; null when neither is set.</summary>
    public static DataDirectory? From(string? option)
    {
        var value = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : option;
        return string.IsNullOrWhiteSpace(value) ? null : new DataDirectory(value);
    }
}
