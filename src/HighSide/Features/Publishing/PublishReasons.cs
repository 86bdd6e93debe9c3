using TransferPipeline.Shared.Npm;

namespace TransferPipeline.HighSide.Features.Publishing;

internal static class PublishReasons
{
    public const string NotApproved = "batch-not-approved";
    public const string NotPublishable = "batch-not-publishable";
    public const string QuarantineTampered = "quarantine-tampered";
    public const string BlobMissing = "blob-missing";
    public const string MirrorNotConfigured = "mirror-not-configured";
    public const string MirrorFailed = "mirror-failed";
    public const string Stopped = "publish-stopped";

    /// <summary>Scanner data that does not load (a broken ClamAV database, unreadable OSV records): never activated.</summary>
    public const string ScannerDataUnusable = "scanner-data-unusable";

    /// <summary>An archive with an entry that could escape its directory (absolute, `..`), a link or device, or over its limits.</summary>
    public const string ArchiveUnsafe = "archive-unsafe";

    /// <summary>A package set (npm, deb, ...) that breaks its rules of the batch format.</summary>
    public const string PackageSetInvalid = NpmPackageSetException.ReasonCode;

    /// <summary>An npm package version already published with other bytes.</summary>
    public const string NpmVersionConflict = "npm-version-conflict";

    /// <summary>Codes no retry can cure: the batch is refused.</summary>
    public static bool RefusesTheBatch(string code) =>
        code is QuarantineTampered or ScannerDataUnusable or ArchiveUnsafe or PackageSetInvalid or NpmVersionConflict;
}
