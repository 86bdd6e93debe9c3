namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// The outcome of checking one image's cosign signatures. Anything but <see cref="CosignVerdictKind.Verified"/>
/// refuses the image with <see cref="SignatureRequired"/> and a <see cref="Message"/> saying why.
/// </summary>
public sealed record CosignVerdict
{
    /// <summary>The reason code every refusal carries.</summary>
    public const string SignatureRequired = "signature-required";

    /// <summary>What was concluded.</summary>
    public required CosignVerdictKind Kind { get; init; }

    /// <summary>The image manifest digest that was checked.</summary>
    public required Digest ImageDigest { get; init; }

    /// <summary>One sentence an operator can act on.</summary>
    public required string Message { get; init; }

    /// <summary>For a verified image: <see cref="CosignPublicKey.KeyId"/> of the key whose signature held.</summary>
    public string? KeyId { get; init; }

    /// <summary>For a verified image: the manifest that holds the signature.</summary>
    public Digest? SignatureManifestDigest { get; init; }

    /// <summary>For a verified image: the digest of the signed payload blob.</summary>
    public Digest? PayloadDigest { get; init; }

    /// <summary>True when a trusted signature covers the image.</summary>
    public bool IsVerified => Kind == CosignVerdictKind.Verified;

    /// <summary><see cref="SignatureRequired"/> for a refusal, null when verified.</summary>
    public string? ReasonCode => IsVerified ? null : SignatureRequired;

    /// <summary>A refusal of the given kind.</summary>
    public static CosignVerdict Refused(CosignVerdictKind kind, Digest imageDigest, string message)
    {
        if (kind == CosignVerdictKind.Verified)
        {
            throw new ArgumentException("A refusal cannot be of kind Verified.", nameof(kind));
        }

        return new CosignVerdict { Kind = kind, ImageDigest = imageDigest, Message = message };
    }
}
