using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.LowSide;

/// <summary>The low side's reason codes that several features share; scripts match on them.</summary>
internal static class LowSideReasons
{
    public const string ValidationFailed = "validation-failed";
    public const string SourceNotAllowed = "source-not-allowed";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string NothingToShip = "nothing-to-ship";

    /// <summary>Another process holds the cut lease: cuts are serial across every process of the site.</summary>
    public const string CutInProgress = "cut-in-progress";
    public const string InsufficientSpace = Shared.Batches.InsufficientSpaceException.ReasonCode;
    public const string BatchTooLarge = "batch-too-large";
    public const string VerificationFailed = "verification-failed";
    public const string ReceiptRefused = "receipt-refused";
    public const string KeyUnavailable = "key-unavailable";
    public const string Forbidden = "forbidden";

    /// <summary>A cut over HTTP onto a directory that is neither Batches:MediaDirectory nor under one of Batches:MediaRoots.</summary>
    public const string MediaNotAllowed = "media-not-allowed";
    public const string AuditHistoryCut = "audit-history-cut";
    public const string GatherFailed = "gather-failed";
    public const string MalwareFound = "malware-found";
    public const string BlockedByScan = "blocked-by-scan";
    public const string SignatureRequired = CosignVerdict.SignatureRequired;

    /// <summary>A Debian repository's InRelease is not validly signed by a key of Debian:Keyrings.</summary>
    public const string RepositorySignatureInvalid = "repository-signature-invalid";

    /// <summary>A Debian repository's signed Release is past its Valid-Until, or is another suite's.</summary>
    public const string RepositoryReleaseInvalid = "repository-release-invalid";

    /// <summary>
    /// An image request whose manifest, or a manifest under its index, names a <c>subject</c>: a referrer of some other
    /// manifest, which the high side refuses to publish (it would join that manifest's referrers).
    /// </summary>
    public const string ImageIsAReferrer = "image-is-a-referrer";

    /// <summary>A package of a deb request depends on something no package of the repository provides.</summary>
    public const string DependencyUnsatisfiable = "dependency-unsatisfiable";
}
