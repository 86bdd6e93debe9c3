using System.Text;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>One simple-signing layer to push: the payload blob and the base64 signature annotation.</summary>
public sealed record SignatureLayer(byte[] Payload, string? SignatureBase64)
{
    /// <summary>The payload cosign writes for <paramref name="image"/> (cosign sign leaves optional null).</summary>
    public static byte[] CosignPayload(Digest image, string dockerReference, string type = CosignNames.PayloadType) =>
        Encoding.UTF8.GetBytes($$"""
            {"critical":{"identity":{"docker-reference":"{{dockerReference}}"},
            "image":{"docker-manifest-digest":"{{image}}"},"type":"{{type}}"},"optional":null}
            """);

    public static SignatureLayer SignedBy(TestCosignKey key, byte[] payload) => new(payload, key.SignBase64(payload));

    public static SignatureLayer For(TestCosignKey key, Digest image) => SignedBy(key, CosignPayload(image, "registry.test/app"));
}
