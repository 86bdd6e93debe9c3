namespace TransferPipeline.Shared.Minisign;

/// <summary>Outcome of checking a minisign signature.</summary>
public enum MinisignVerificationStatus
{
    /// <summary>Both the message signature and the trusted-comment signature are good.</summary>
    Valid,

    /// <summary>No trusted key has the signature's key id.</summary>
    UnknownKey,

    /// <summary>The signature uses the legacy "Ed" algorithm and legacy was not allowed.</summary>
    LegacyAlgorithmRefused,

    /// <summary>The signature does not match the message (message or signature altered).</summary>
    SignatureInvalid,

    /// <summary>The message signature is good but the trusted comment was altered.</summary>
    TrustedCommentSignatureInvalid,
}
