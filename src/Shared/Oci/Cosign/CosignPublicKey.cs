using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// A public key cosign signatures are checked against: ECDSA P-256 or Ed25519, read from one PEM
/// <c>PUBLIC KEY</c> block (a SubjectPublicKeyInfo), as <c>cosign generate-key-pair</c> and
/// <c>openssl pkey -pubout</c> write it. Immutable and thread-safe.
/// </summary>
public sealed class CosignPublicKey
{
    private const string PemLabel = "PUBLIC KEY";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string Ed25519Oid = "1.3.101.112";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const int MaxPemChars = 16 * 1024;

    private readonly byte[] _subjectPublicKeyInfo;
    private readonly Ed25519PublicKey? _ed25519;

    private CosignPublicKey(byte[] subjectPublicKeyInfo, CosignKeyAlgorithm algorithm, Ed25519PublicKey? ed25519)
    {
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        _ed25519 = ed25519;
        Algorithm = algorithm;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));
    }

    /// <summary>ECDSA P-256 or Ed25519.</summary>
    public CosignKeyAlgorithm Algorithm { get; }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex: names the key in messages and audit records.</summary>
    public string KeyId { get; }

    /// <summary>Parses a PEM public key or throws <see cref="FormatException"/> saying why it is refused.</summary>
    public static CosignPublicKey ParsePem(string pem) =>
        TryParsePem(pem, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>
    /// Parses exactly one PEM <c>PUBLIC KEY</c> block holding an ECDSA P-256 or Ed25519 key; other curves,
    /// RSA, certificates and private keys are refused. On failure <paramref name="error"/> says why.
    /// </summary>
    public static bool TryParsePem([NotNullWhen(true)] string? pem, [NotNullWhen(true)] out CosignPublicKey? key, out string error)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = "the public key is empty";
            return false;
        }

        if (pem.Length > MaxPemChars)
        {
            error = $"the public key is {pem.Length} characters; a PEM public key is far shorter than {MaxPemChars}";
            return false;
        }

        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "no PEM block found; expected -----BEGIN PUBLIC KEY-----";
            return false;
        }

        var label = pem[fields.Label];
        if (label != PemLabel)
        {
            error = $"the PEM block is a '{DisplayText.Printable(label, 40)}'; expected a 'PUBLIC KEY' (SubjectPublicKeyInfo)";
            return false;
        }

        if (!string.IsNullOrWhiteSpace(pem[fields.Location.End..]))
        {
            error = "text follows the PEM block; give one key per entry";
            return false;
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length)
        {
            error = "the PEM block's base64 does not decode";
            return false;
        }

        return TryImport(der, out key, out error);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is this key's signature over <paramref name="payload"/>: ECDSA with
    /// SHA-256 and an ASN.1 DER signature, or pure Ed25519. Never throws for a malformed signature.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        if (_ed25519 is not null)
        {
            return _ed25519.Verify(payload, signature);
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        try
        {
            return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Algorithm} key {KeyId}";

    private static bool TryImport(byte[] der, [NotNullWhen(true)] out CosignPublicKey? key, out string error)
    {
        key = null;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var algorithm = info.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            switch (oid)
            {
                case Ed25519Oid:
                    // RFC 8410: the parameters are absent and the key is the 32 raw bytes.
                    algorithm.ThrowIfNotEmpty();
                    var raw = info.ReadBitString(out var unusedBits);
                    info.ThrowIfNotEmpty();
                    if (unusedBits != 0 || raw.Length != Ed25519PublicKey.Length)
                    {
                        error = $"the Ed25519 key is not {Ed25519PublicKey.Length} bytes";
                        return false;
                    }

                    key = new CosignPublicKey(der, CosignKeyAlgorithm.Ed25519, Ed25519PublicKey.Import(raw));
                    error = string.Empty;
                    return true;
                case EcPublicKeyOid:
                    return TryImportEcdsa(der, algorithm, out key, out error);
                case RsaOid:
                    error = "RSA keys are not accepted; use an ECDSA P-256 or Ed25519 key";
                    return false;
                default:
                    error = $"the key algorithm {DisplayText.Printable(oid, 64)} is not ECDSA P-256 or Ed25519";
                    return false;
            }
        }
        catch (AsnContentException ex)
        {
            error = $"the key is not a valid SubjectPublicKeyInfo: {DisplayText.Printable(ex.Message)}";
            return false;
        }
    }

    private static bool TryImportEcdsa(byte[] der, AsnReader algorithm, [NotNullWhen(true)] out CosignPublicKey? key, out string error)
    {
        key = null;
        if (algorithm.PeekTag() != Asn1Tag.ObjectIdentifier)
        {
            error = "the EC key does not name its curve; only the named curve P-256 is accepted";
            return false;
        }

        var curve = algorithm.ReadObjectIdentifier();
        algorithm.ThrowIfNotEmpty();
        if (curve != P256Oid)
        {
            error = $"the EC key is on curve {DisplayText.Printable(curve, 64)}; only P-256 ({P256Oid}) is accepted";
            return false;
        }

        try
        {
            // Importing checks that the point is on the curve.
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                error = "bytes follow the SubjectPublicKeyInfo";
                return false;
            }
        }
        catch (CryptographicException ex)
        {
            error = $"the EC key does not import: {DisplayText.Printable(ex.Message)}";
            return false;
        }

        key = new CosignPublicKey(der, CosignKeyAlgorithm.EcdsaP256, ed25519: null);
        error = string.Empty;
        return true;
    }
}
