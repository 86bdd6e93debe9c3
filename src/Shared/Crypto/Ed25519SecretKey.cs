namespace TransferPipeline.Shared.Crypto;

/// <summary>
/// An Ed25519 signing key. The secret bytes live in a pinned array (so the GC never leaves copies
/// behind) and are zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class Ed25519SecretKey : IDisposable
{
    /// <summary>Size of the seed in bytes.</summary>
    public const int SeedLength = LibSodium.SeedBytes;

    /// <summary>Size of the expanded libsodium secret key (seed followed by public key).</summary>
    public const int ExpandedLength = LibSodium.SecretKeyBytes;

    private readonly byte[] _secretKey;
    private readonly Ed25519PublicKey _publicKey;
    private bool _disposed;

    private Ed25519SecretKey(byte[] secretKey, ReadOnlySpan<byte> publicKey)
    {
        _secretKey = secretKey;
        _publicKey = Ed25519PublicKey.Import(publicKey);
    }

    /// <summary>The matching public key.</summary>
    public Ed25519PublicKey PublicKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _publicKey;
        }
    }

    /// <summary>Creates a new random key.</summary>
    public static Ed25519SecretKey Generate()
    {
        var secretKey = AllocatePinned();
        Span<byte> publicKey = stackalloc byte[Ed25519PublicKey.Length];
        LibSodium.SignKeyPair(publicKey, secretKey);
        return new Ed25519SecretKey(secretKey, publicKey);
    }

    /// <summary>Recreates a key from its 32-byte seed.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes long.</exception>
    public static Ed25519SecretKey ImportSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedLength} bytes, got {seed.Length}.", nameof(seed));
        }

        var secretKey = AllocatePinned();
        Span<byte> publicKey = stackalloc byte[Ed25519PublicKey.Length];
        LibSodium.SignSeedKeyPair(publicKey, secretKey, seed);
        return new Ed25519SecretKey(secretKey, publicKey);
    }

    /// <summary>Signs <paramref name="data"/> and returns the 64-byte detached signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var signature = new byte[Ed25519PublicKey.SignatureLength];
        LibSodium.SignDetached(signature, data, _secretKey);
        return signature;
    }

    /// <summary>
    /// Copies the 64-byte libsodium secret key (seed followed by public key, the form minisign
    /// stores) into <paramref name="destination"/>. The caller must zero it after use.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is not 64 bytes long.</exception>
    public void ExportExpanded(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != ExpandedLength)
        {
            throw new ArgumentException($"The expanded secret key is {ExpandedLength} bytes.", nameof(destination));
        }

        _secretKey.CopyTo(destination);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        CryptoBytes.Zero(_secretKey);
        _disposed = true;
    }

    private static byte[] AllocatePinned() => GC.AllocateArray<byte>(ExpandedLength, pinned: true);
}
