using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// A security key in software, per WebAuthn Level 2: one ES256 (ECDSA P-256) credential, attestation "none", a
/// signature counter that goes up by one per ceremony. It answers the options the daemon hands the browser's
/// navigator.credentials.create() / get() with the JSON the page's script (securitykey.js) posts back, binary
/// fields as base64url. The client data's origin is whatever the test says the page was served from.
/// </summary>
internal sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa _key;

    /// <param name="credentialId">The credential id to claim; a fresh random one when null.</param>
    public SoftwareAuthenticator(byte[]? credentialId = null)
        : this(ECDsa.Create(ECCurve.NamedCurves.nistP256), credentialId ?? RandomNumberGenerator.GetBytes(32), 0, null)
    {
    }

    private SoftwareAuthenticator(ECDsa key, byte[] credentialId, uint signCount, byte[]? userHandle)
    {
        _key = key;
        CredentialId = credentialId;
        SignCount = signCount;
        UserHandle = userHandle;
    }

    public byte[] CredentialId { get; }

    /// <summary>The counter of the last ceremony; the next one signs with this plus one.</summary>
    public uint SignCount { get; private set; }

    /// <summary>The user.id of the registration options, returned with each assertion as a resident credential would.</summary>
    public byte[]? UserHandle { get; private set; }

    /// <summary>A copy of the key and its counter as they are now: a cloned authenticator.</summary>
    public SoftwareAuthenticator Clone()
    {
        var key = ECDsa.Create(_key.ExportParameters(includePrivateParameters: true));
        return new SoftwareAuthenticator(key, CredentialId, SignCount, UserHandle);
    }

    /// <summary>The body of POST /auth/account/security-keys for the registration options of POST .../options.</summary>
    public object Create(JsonElement options, string origin)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        UserHandle = Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString());
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!, origin);
        var authData = AuthenticatorData(rpId, UserPresent | AttestedCredentialData, AttestedCredential());

        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authData);
        attestation.WriteEndMap();

        return Credential(new
        {
            attestationObject = Base64Url.EncodeToString(attestation.Encode()),
            clientDataJSON = Base64Url.EncodeToString(clientData),
            transports = new[] { "usb" },
        });
    }

    /// <summary>The "response" of POST /auth/security-key for the assertion options of POST /auth/security-key/options.</summary>
    public object Get(JsonElement options, string origin)
    {
        var rpId = options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!, origin);
        var authData = AuthenticatorData(rpId, UserPresent, []);
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
        return Credential(new
        {
            authenticatorData = Base64Url.EncodeToString(authData),
            clientDataJSON = Base64Url.EncodeToString(clientData),
            signature = Base64Url.EncodeToString(signature),
            userHandle = UserHandle is null ? null : Base64Url.EncodeToString(UserHandle),
        });
    }

    public void Dispose() => _key.Dispose();

    // The PublicKeyCredential around an authenticator response, as the page's script serialises it.
    private object Credential(object response) => new
    {
        id = Base64Url.EncodeToString(CredentialId),
        rawId = Base64Url.EncodeToString(CredentialId),
        type = "public-key",
        clientExtensionResults = new { },
        response,
    };

    private static byte[] ClientData(string type, string challenge, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin, crossOrigin = false });

    // rpIdHash ‖ flags ‖ signCount (big-endian) ‖ attested credential data, if any.
    private byte[] AuthenticatorData(string rpId, int flags, byte[] attested)
    {
        SignCount++;
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, SignCount);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), (byte)flags, .. counter, .. attested];
    }

    // aaguid (zero: no attestation) ‖ credential id length (big-endian) ‖ credential id ‖ COSE_Key.
    private byte[] AttestedCredential()
    {
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
        return [.. new byte[16], .. length, .. CredentialId, .. CoseKey()];
    }

    // {1 (kty): 2 (EC2), 3 (alg): -7 (ES256), -1 (crv): 1 (P-256), -2: x, -3: y}, in CTAP2 canonical key order.
    private byte[] CoseKey()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        return cose.Encode();
    }
}
