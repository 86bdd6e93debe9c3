using TransferPipeline.Shared.Debian;

namespace TransferPipeline.HighSide.Features.Publishing;

internal static class PublishReasons
{
    public const string NotApproved = "batch-not-approved";
    public const string NotPublishable = "batch-not-publishable";

    /// <summary>
    /// The batch's row says approved or publishing, but the audit trail last recorded another state for it: the row was
    /// written outside the product, past the gates (scan, policy, approval) that record every move.
    /// </summary>
    public const string StateUnaudited = "batch-state-unaudited";
    public const string QuarantineTampered = "quarantine-tampered";
    public const string BlobMissing = "blob-missing";
    public const string MirrorNotConfigured = "mirror-not-configured";
    public const string MirrorFailed = "mirror-failed";
    public const string Stopped = "publish-stopped";

    /// <summary>
    /// A plan whose lines leave no room in a statement for a rejection (<c>ApprovalStatement.MaxPlanBytes</c>): refused at
    /// import; a plan grown past it by the mirrors' settings since cannot be signed until they are set back.
    /// </summary>
    public const string PlanTooLarge = "publish-plan-too-large";

    /// <summary>Another live worker holds the batch's claim and is publishing it: this one leaves it alone.</summary>
    public const string ClaimedElsewhere = "batch-claimed-by-another-worker";

    /// <summary>Scanner data that does not load (a broken ClamAV database, unreadable OSV records): never activated.</summary>
    public const string ScannerDataUnusable = "scanner-data-unusable";

    /// <summary>An archive with an entry that could escape its directory (absolute, `..`), a link or device, or over its limits.</summary>
    public const string ArchiveUnsafe = "archive-unsafe";

    /// <summary>A deb artifact's package set breaks a DEB rule of the batch format (also refused at import).</summary>
    public const string PackageSetInvalid = DebianPackageSetException.ReasonCode;

    /// <summary>A deb artifact's repository URL does not map to a safe path below the apt mirror (also refused at import).</summary>
    public const string RepositoryPathUnsafe = "repository-path-unsafe";

    /// <summary>A .deb whose pool path in the apt mirror already holds a published package with other bytes.</summary>
    public const string PoolConflict = "pool-conflict";

    /// <summary>An npm package version already published with other bytes: npm never changes a published version.</summary>
    public const string NpmVersionConflict = "npm-version-conflict";

    /// <summary>A wheel or sdist whose file name is already in the simple index with other bytes: a published file never changes.</summary>
    public const string PyPIFileConflict = "pypi-file-conflict";
    /// <summary>A NuGet package version already published with other bytes: NuGet never changes a published version.</summary>
    public const string NuGetVersionConflict = "nuget-version-conflict";


    /// <summary>
    /// A chart version already published with other bytes, or whose archive name another chart's archive has: a published
    /// chart never changes.
    /// </summary>
    public const string ChartConflict = "chart-conflict";

    /// <summary>
    /// An image, or one of its attachments, whose manifest names as its <c>subject</c> a manifest outside that image: once
    /// published, it would show among the referrers of another image (a signature or SBOM no plan line named).
    /// </summary>
    public const string ImageSubjectForeign = "image-subject-foreign";

    /// <summary>An image's manifest that does not parse as an OCI manifest or index (also refused at import).</summary>
    public const string ImageManifestInvalid = "image-manifest-invalid";

    /// <summary>Codes no retry can cure: the batch is refused.</summary>
    public static bool RefusesTheBatch(string code) =>
        code is QuarantineTampered or ScannerDataUnusable or ArchiveUnsafe or PackageSetInvalid or RepositoryPathUnsafe or PoolConflict
            or NpmVersionConflict or PyPIFileConflict or NuGetVersionConflict or ChartConflict or ImageSubjectForeign
            or ImageManifestInvalid;
}
