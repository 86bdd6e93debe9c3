using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Crypto;

/// <summary>
/// Password storage as libsodium's crypto_pwhash_str: Argon2id with a random salt, encoded with its
/// parameters as one string (<c>$argon2id$v=19$m=...,t=...,p=1$salt$hash</c>), so a hash made with
/// other limits still verifies and <see cref="NeedsRehash"/> says when to replace it.
/// </summary>
public static class PasswordHash
{
    /// <summary>The longest password accepted, in UTF-8 bytes; longer ones are refused rather than truncated.</summary>
    public const int MaxPasswordBytes = 4096;

    /// <summary>Hashes <paramref name="password"/> (as UTF-8) with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The password is longer than <see cref="MaxPasswordBytes"/>.</exception>
    /// <exception cref="CryptographicException">libsodium refused, for example because the memory could not be allocated.</exception>
    public static string Hash(ReadOnlySpan<char> password, PasswordHashStrength strength)
    {
        var (ops, memory) = LibSodium.PasswordHashLimits(strength == PasswordHashStrength.Moderate);
        Span<byte> encoded = stackalloc byte[LibSodium.PasswordHashStringBytes];
        var utf8 = RentUtf8(password, out var length);
        bool made;
        try
        {
            made = LibSodium.PasswordHashString(encoded, utf8.AsSpan(0, length), ops, memory);
        }
        finally
        {
            Release(utf8);
        }

        if (!made)
        {
            throw new CryptographicException($"Argon2id hashing failed (opslimit {ops}, memlimit {memory}); is there enough memory?");
        }

        return Encoding.ASCII.GetString(encoded[..encoded.IndexOf((byte)0)]);
    }

    /// <summary>
    /// True when <paramref name="password"/> is the one <paramref name="hash"/> was made from. A string that is
    /// not a libsodium password hash, or a password over <see cref="MaxPasswordBytes"/>, is false.
    /// </summary>
    public static bool Verify(string hash, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Span<byte> encoded = stackalloc byte[LibSodium.PasswordHashStringBytes];
        if (!Encode(hash, encoded) || Encoding.UTF8.GetByteCount(password) > MaxPasswordBytes)
        {
            return false;
        }

        var utf8 = RentUtf8(password, out var length);
        try
        {
            return LibSodium.PasswordHashVerify(encoded, utf8.AsSpan(0, length));
        }
        finally
        {
            Release(utf8);
        }
    }

    /// <summary>True when <paramref name="hash"/> was made with other limits than <paramref name="strength"/>'s, or is not a hash.</summary>
    public static bool NeedsRehash(string hash, PasswordHashStrength strength)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Span<byte> encoded = stackalloc byte[LibSodium.PasswordHashStringBytes];
        if (!Encode(hash, encoded))
        {
            return true;
        }

        var (ops, memory) = LibSodium.PasswordHashLimits(strength == PasswordHashStrength.Moderate);
        return LibSodium.PasswordHashNeedsRehash(encoded, ops, memory) != 0;
    }

    // The hash as the NUL-terminated ASCII libsodium reads; false when it cannot be one.
    private static bool Encode(string hash, Span<byte> encoded)
    {
        encoded.Clear();
        if (hash.Length is 0 or >= LibSodium.PasswordHashStringBytes || !Ascii.IsValid(hash) || hash.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        Encoding.ASCII.GetBytes(hash, encoded);
        return true;
    }

    private static byte[] RentUtf8(ReadOnlySpan<char> password, out int length)
    {
        length = Encoding.UTF8.GetByteCount(password);
        if (length > MaxPasswordBytes)
        {
            throw new ArgumentException($"The password is longer than {MaxPasswordBytes} UTF-8 bytes.", nameof(password));
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        Encoding.UTF8.GetBytes(password, rented);
        return rented;
    }

    private static void Release(byte[] rented)
    {
        CryptoBytes.Zero(rented);
        ArrayPool<byte>.Shared.Return(rented);
    }
}
