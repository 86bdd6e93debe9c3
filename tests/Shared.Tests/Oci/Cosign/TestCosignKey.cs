using System.Formats.Asn1;
using System.Security.Cryptography;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>A signing key made in the test, with its public half as the PEM an operator would configure.</summary>
public sealed class TestCosignKey : IDisposable
{
    private readonly Func<byte[], byte[]> _sign;
    private readonly IDisposable _secret;

    private TestCosignKey(string publicPem, Func<byte[], byte[]> sign, IDisposable secret)
    {
        PublicPem = publicPem;
        _sign = sign;
        _secret = secret;
    }

    public string PublicPem { get; }

    public CosignPublicKey PublicKey => CosignPublicKey.ParsePem(PublicPem);

    /// <summary>ECDSA P-256; signatures are ASN.1 DER over SHA-256, as cosign makes them.</summary>
    public static TestCosignKey EcdsaP256()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TestCosignKey(
            ecdsa.ExportSubjectPublicKeyInfoPem(),
            data => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            ecdsa);
    }

    /// <summary>Ed25519 through libsodium; the PEM is the RFC 8410 SubjectPublicKeyInfo built here.</summary>
    public static TestCosignKey Ed25519()
    {
        var secret = Ed25519SecretKey.Generate();
        return new TestCosignKey(Ed25519Pem(secret.PublicKey.Bytes), data => secret.Sign(data), secret);
    }

    public static string Ed25519Pem(ReadOnlySpan<byte> rawPublicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.3.101.112");
            }

            writer.WriteBitString(rawPublicKey);
        }

        return PemEncoding.WriteString("PUBLIC KEY", writer.Encode());
    }

    public byte[] Sign(byte[] payload) => _sign(payload);

    public string SignBase64(byte[] payload) => Convert.ToBase64String(Sign(payload));

    public void Dispose() => _secret.Dispose();
}
