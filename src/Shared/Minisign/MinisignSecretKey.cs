using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Minisign;

/// <summary>A minisign signing key: key id plus Ed25519 secret key, readable and writable in minisign's format.</summary>
public sealed class MinisignSecretKey : IDisposable
{
    /// <summary>The untrusted comment minisign writes when none is given.</summary>
    public const string DefaultUntrustedComment = "signature from minisign secret key";


    private readonly byte[] _keyId;
    private readonly Ed25519SecretKey _key;
    private readonly MinisignPublicKey _publicKey;
    private bool _disposed;

    private MinisignSecretKey(byte[] keyId, Ed25519SecretKey key)
    {
        _keyId = keyId;
        _key = key;
        _publicKey = new MinisignPublicKey(keyId, key.PublicKey);
    }

    /// <summary>The matching public key, with the same key id.</summary>
    public MinisignPublicKey PublicKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _publicKey;
        }
    }

    /// <summary>Creates a new key with a random key id, as <c>minisign -G</c> does.</summary>
    public static MinisignSecretKey Generate()
    {
        var keyId = new byte[MinisignText.KeyIdLength];
        CryptoBytes.FillRandom(keyId);
        return new MinisignSecretKey(keyId, Ed25519SecretKey.Generate());
    }

    /// <summary>
    /// Recreates a key from its key id and 32-byte Ed25519 seed: the same inputs give the same key. For fixed test and
    /// conformance keys; a real site key comes from <see cref="Generate"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The key id is not 8 bytes or the seed not 32 bytes long.</exception>
    public static MinisignSecretKey FromSeed(ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> seed)
    {
        if (keyId.Length != MinisignText.KeyIdLength)
        {
            throw new ArgumentException($"A minisign key id is {MinisignText.KeyIdLength} bytes, got {keyId.Length}.", nameof(keyId));
        }

        return new MinisignSecretKey(keyId.ToArray(), Ed25519SecretKey.ImportSeed(seed));
    }

    /// <summary>Loads a minisign secret key file, decrypting it when it is encrypted.</summary>
    /// <param name="path">The .key file.</param>
    /// <param name="password">The password; ignored for an unencrypted key.</param>
    /// <exception cref="MinisignFormatException">The file is not a minisign secret key.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// Wrong password or corrupted key, a missing password, or not enough memory for scrypt.
    /// </exception>
    public static MinisignSecretKey Load(string path, ReadOnlySpan<char> password)
    {
        var (buffer, length) = ReadKeyFile(path);
        try
        {
            var (keyId, key) = MinisignSecretKeyFile.Decode(buffer.AsSpan(0, length), password);
            return new MinisignSecretKey(keyId, key);
        }
        finally
        {
            CryptoBytes.Zero(buffer);
        }
    }

    /// <summary>Tells whether a secret key file is password-protected, without a password.</summary>
    /// <exception cref="MinisignFormatException">The file is not a minisign secret key.</exception>
    public static bool IsEncrypted(string path)
    {
        var (buffer, length) = ReadKeyFile(path);
        try
        {
            return MinisignSecretKeyFile.IsEncrypted(buffer.AsSpan(0, length));
        }
        finally
        {
            CryptoBytes.Zero(buffer);
        }
    }

    /// <summary>
    /// Writes the key in minisign's format: created with mode 0600, flushed to disk, then renamed
    /// into place. Never overwrites an existing file.
    /// </summary>
    /// <param name="path">The .key file to create.</param>
    /// <param name="password">Empty for an unencrypted key (like <c>minisign -G -W</c>).</param>
    /// <param name="limits">scrypt cost; <see cref="MinisignKdfLimits.Sensitive"/> (minisign's) by default.</param>
    /// <exception cref="IOException">The file exists or could not be written.</exception>
    public void Save(string path, ReadOnlySpan<char> password, MinisignKdfLimits? limits = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var file = MinisignSecretKeyFile.Encode(_keyId, _key, password, limits ?? MinisignKdfLimits.Sensitive);
        try
        {
            AtomicFile.WriteNew(path, file, AtomicFile.SecretMode);
        }
        finally
        {
            CryptoBytes.Zero(file);
        }
    }

    /// <summary>Makes a prehashed ("ED") signature for a message whose BLAKE2b-512 hash is given.</summary>
    /// <exception cref="ArgumentException">
    /// The hash is not 64 bytes, or a comment contains CR, LF or NUL or is too long.
    /// </exception>
    public MinisignSignature SignPrehashed(ReadOnlySpan<byte> blake2b512, string trustedComment, string untrustedComment)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (blake2b512.Length != MinisignText.Blake2b512Length)
        {
            throw new ArgumentException($"Expected a {MinisignText.Blake2b512Length}-byte BLAKE2b-512 hash.", nameof(blake2b512));
        }

        ValidateComments(trustedComment, untrustedComment);
        var signature = _key.Sign(blake2b512);
        var globalSignature = _key.Sign(MinisignSignature.GlobalSignedData(signature, trustedComment));
        return new MinisignSignature(
            untrustedComment, MinisignAlgorithm.Prehashed, _keyId, signature, trustedComment, globalSignature);
    }

    /// <summary>Hashes the stream (one streaming pass) and makes a prehashed ("ED") signature.</summary>
    /// <exception cref="ArgumentException">A comment contains CR, LF or NUL or is too long.</exception>
    public async Task<MinisignSignature> SignAsync(
        Stream message, string trustedComment, string untrustedComment, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(message);
        ValidateComments(trustedComment, untrustedComment);
        var hash = await Blake2bHash.ComputeAsync(message, MinisignText.Blake2b512Length, ct);
        return SignPrehashed(hash, trustedComment, untrustedComment);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _key.Dispose();
        _disposed = true;
    }

    private static void ValidateComments(string trustedComment, string untrustedComment)
    {
        MinisignText.ValidateComment(trustedComment, MinisignSignature.MaxTrustedCommentBytes, nameof(trustedComment));
        MinisignText.ValidateComment(untrustedComment, MinisignSignature.MaxUntrustedCommentBytes, nameof(untrustedComment));
    }

    private static (byte[] Buffer, int Length) ReadKeyFile(string path)
    {
        var buffer = GC.AllocateArray<byte>(MinisignSecretKeyFile.MaxFileBytes + 1, pinned: true);
        var length = MinisignText.ReadSmallFile(path, buffer);
        if (length > MinisignSecretKeyFile.MaxFileBytes)
        {
            CryptoBytes.Zero(buffer);
            throw new MinisignFormatException($"Secret key file {path} is larger than {MinisignSecretKeyFile.MaxFileBytes} bytes.");
        }

        return (buffer, length);
    }
}
