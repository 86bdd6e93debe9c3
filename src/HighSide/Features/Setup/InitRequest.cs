namespace TransferPipeline.HighSide.Features.Setup;

internal sealed record InitRequest(string DataDirectory, string SiteId, string? RegistryUrl, string? FilesDirectory, string? ChartsDirectory,
    bool NoPassword, string? PasswordFile, string? DebianDirectory = null, string? PyPIDirectory = null);
