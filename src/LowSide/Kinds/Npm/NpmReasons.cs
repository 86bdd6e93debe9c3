namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>Reason codes of npm requests that could not be gathered; scripts match on them.</summary>
internal static class NpmReasons
{
    /// <summary>A tarball whose SHA-512 is not the integrity the lock file or the registry gives.</summary>
    public const string IntegrityMismatch = "integrity-mismatch";

    /// <summary>A lock file that is not a package-lock.json of version 2 or 3, or lists what cannot be gathered.</summary>
    public const string LockFileInvalid = "lock-file-invalid";

    /// <summary>A registry entry (packument) that is missing, malformed or gives no SHA-512 integrity.</summary>
    public const string MetadataInvalid = "package-metadata-invalid";
}
