using TransferPipeline.LowSide.Kinds.Npm;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>Reason codes of nuget requests that could not be gathered: the language kinds' codes, which scripts match on.</summary>
internal static class NuGetReasons
{
    /// <summary>A package whose content hash is not the one the lock file gives.</summary>
    public const string IntegrityMismatch = NpmReasons.IntegrityMismatch;

    /// <summary>A lock file that is not a packages.lock.json of version 1 or 2, or lists what cannot be gathered.</summary>
    public const string LockFileInvalid = NpmReasons.LockFileInvalid;

    /// <summary>A service index without a usable flat container, or a .nupkg that is not the package it is named after.</summary>
    public const string MetadataInvalid = NpmReasons.MetadataInvalid;
}
