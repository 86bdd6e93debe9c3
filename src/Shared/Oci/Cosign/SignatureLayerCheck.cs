namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// How far one signature layer got. <see cref="Stage"/> orders failures so the verdict reports the signature that
/// came closest to verifying: 0 broken before the signature was checked, 1 no trusted key, 2 payload invalid, 3 other digest.
/// </summary>
internal sealed record SignatureLayerCheck(CosignVerdictKind Kind, int Stage, string Detail, string? KeyId = null)
{
    public static SignatureLayerCheck Broken(string detail) => new(CosignVerdictKind.Malformed, 0, detail);

    public static SignatureLayerCheck Untrusted(string detail) => new(CosignVerdictKind.NoTrustedSignature, 1, detail);

    public static SignatureLayerCheck BadPayload(string detail) => new(CosignVerdictKind.Malformed, 2, detail);

    public static SignatureLayerCheck OtherDigest(string detail) => new(CosignVerdictKind.SignatureForOtherDigest, 3, detail);

    public static SignatureLayerCheck Verified(string keyId) => new(CosignVerdictKind.Verified, 4, string.Empty, keyId);
}
