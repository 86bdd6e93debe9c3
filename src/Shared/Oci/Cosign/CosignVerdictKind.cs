namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>What checking an image's cosign signatures concluded.</summary>
public enum CosignVerdictKind
{
    /// <summary>A signature by a trusted key covers exactly this image digest.</summary>
    Verified,

    /// <summary>No signature manifest points at the image.</summary>
    NoSignature,

    /// <summary>Signatures exist, but none verifies under a trusted key.</summary>
    NoTrustedSignature,

    /// <summary>A trusted key signed a payload naming another image digest.</summary>
    SignatureForOtherDigest,

    /// <summary>The signature manifest, payload blob or signature is broken (bad JSON, wrong type, digest mismatch, too large).</summary>
    Malformed,
}
