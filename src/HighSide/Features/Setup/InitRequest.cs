using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide.Features.Setup;

internal sealed record InitRequest(string DataDirectory, string SiteId, string? RegistryUrl, string? FilesDirectory, string? ChartsDirectory,
    bool NoPassword, string? PasswordFile, string? DebianDirectory = null, string? PyPIDirectory = null)
{
    /// <summary>Where the state goes; null for HIGHSIDE__Database__ variables, else the SQLite file in the data directory.</summary>
    public DatabaseOptions? Database { get; init; }
}
