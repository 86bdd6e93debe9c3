namespace TransferPipeline.Shared.Minisign;

/// <summary>Result of <see cref="MinisignVerifier"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Key">
/// The key that produced the message signature (for <see cref="MinisignVerificationStatus.Valid"/> and
/// <see cref="MinisignVerificationStatus.TrustedCommentSignatureInvalid"/>), otherwise the first trusted
/// key with the signature's key id, or null for <see cref="MinisignVerificationStatus.UnknownKey"/>.
/// </param>
public sealed record MinisignVerification(MinisignVerificationStatus Status, MinisignPublicKey? Key)
{
    /// <summary>True when <see cref="Status"/> is <see cref="MinisignVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == MinisignVerificationStatus.Valid;
}
