namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>The signature schemes a <see cref="CosignPublicKey"/> can be.</summary>
public enum CosignKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 with SHA-256, ASN.1 DER signatures: what <c>cosign generate-key-pair</c> makes.</summary>
    EcdsaP256,

    /// <summary>Ed25519 (pure, over the payload bytes).</summary>
    Ed25519,
}
