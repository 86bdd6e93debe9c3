namespace TransferPipeline.Conformance;

/// <summary>The reason codes of the rule list, as `highside verify --json` prints them.</summary>
internal static class Reasons
{
    public const string VolumeIncomplete = "volume-incomplete";
    public const string UnsafeFileType = "unsafe-file-type";
    public const string HardLink = "hard-link";
    public const string LimitExceeded = "limit-exceeded";
    public const string SignatureMalformed = "signature-malformed";
    public const string LegacySignature = "legacy-signature";
    public const string UntrustedKey = "untrusted-key";
    public const string SignatureInvalid = "signature-invalid";
    public const string TrustedCommentInvalid = "trusted-comment-invalid";
    public const string ManifestMalformed = "manifest-malformed";
    public const string UnsupportedFormatVersion = "unsupported-format-version";
    public const string ManifestInvalid = "manifest-invalid";
    public const string BatchIdMismatch = "batch-id-mismatch";
    public const string DuplicateEntry = "duplicate-entry";
    public const string UnsafePath = "unsafe-path";
    public const string NameCollision = "name-collision";
    public const string TrustedCommentMismatch = "trusted-comment-mismatch";
    public const string KeyNotTrustedForSite = "key-not-trusted-for-site";
    public const string Expired = "expired";
    public const string MissingFile = "missing-file";
    public const string HashMismatch = "hash-mismatch";
    public const string SumsMismatch = "sums-mismatch";
    public const string UnexpectedFile = "unexpected-file";
    public const string SizeMismatch = "size-mismatch";
    public const string LayoutMismatch = "layout-mismatch";
}
