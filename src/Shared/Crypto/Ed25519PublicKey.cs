namespace TransferPipeline.Shared.Crypto;

/// <summary>An Ed25519 public key (32 bytes).</summary>
public sealed class Ed25519PublicKey : IEquatable<Ed25519PublicKey>
{
    /// <summary>Size of an Ed25519 public key in bytes.</summary>
    public const int Length = LibSodium.PublicKeyBytes;

    /// <summary>Size of a detached Ed25519 signature in bytes.</summary>
    public const int SignatureLength = LibSodium.SignatureBytes;

    private readonly byte[] _bytes;

    private Ed25519PublicKey(byte[] bytes) => _bytes = bytes;

    /// <summary>The raw 32-byte key.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Imports a raw 32-byte public key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes long.</exception>
    public static Ed25519PublicKey Import(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"An Ed25519 public key is {Length} bytes, got {key.Length}.", nameof(key));
        }

        return new Ed25519PublicKey(key.ToArray());
    }

    /// <summary>
    /// Checks a detached signature over <paramref name="data"/>. Returns false for any bad input,
    /// including a signature of the wrong length; never throws for that.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureLength && LibSodium.VerifyDetached(signature, data, _bytes);

    public bool Equals(Ed25519PublicKey? other) =>
        other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Ed25519PublicKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public override string ToString() => Convert.ToHexStringLower(_bytes);
}
