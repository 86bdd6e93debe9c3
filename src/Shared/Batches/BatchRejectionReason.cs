namespace TransferPipeline.Shared.Batches;

/// <summary>Why a volume or batch was refused. <see cref="BatchRejectionReasonCodes"/> gives the stable codes.</summary>
public enum BatchRejectionReason
{
    VolumeIncomplete,
    SignatureMalformed,
    UntrustedKey,
    KeyRevoked,
    KeyNotTrustedForSite,
    LegacySignature,
    SignatureInvalid,
    TrustedCommentInvalid,
    TrustedCommentMismatch,
    ManifestMalformed,
    UnsupportedFormatVersion,
    ManifestInvalid,
    BatchIdMismatch,
    UnsafePath,
    DuplicateEntry,
    NameCollision,
    LimitExceeded,
    Expired,
    UnknownVolume,
    UnexpectedFile,
    MissingFile,
    UnsafeFileType,
    HardLink,
    SizeMismatch,
    HashMismatch,
    /// <summary>SHA256SUMS breaks its grammar or does not list exactly the volume's files with their manifest hashes.</summary>
    SumsMismatch,
    /// <summary>oci-layout or index.json is not what the manifest implies for the volume.</summary>
    LayoutMismatch,
}
