using System.Security.Cryptography;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A stand-in for the Ed25519 checkpoint key: HMAC-SHA256 with a secret, signing and verifying
/// under one key id. Other key ids are unknown to it.
/// </summary>
public sealed class HmacCheckpointKey(string keyId, byte[] secret) : IAuditCheckpointSigner, IAuditCheckpointVerifier
{
    public string KeyId => keyId;

    public static HmacCheckpointKey Create(string keyId) => new(keyId, RandomNumberGenerator.GetBytes(32));

    public byte[] Sign(ReadOnlySpan<byte> data) => HMACSHA256.HashData(secret, data);

    public bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        keyId == KeyId && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, data), signature);
}
