using System.Security.Cryptography;

namespace TransferPipeline.Shared.Crypto;

/// <summary>scrypt key derivation as libsodium's crypto_pwhash_scryptsalsa208sha256 (the one minisign uses).</summary>
public static class Scrypt
{
    /// <summary>Size of the salt in bytes.</summary>
    public const int SaltLength = LibSodium.ScryptSaltBytes;

    /// <summary>Derives <c>output.Length</c> bytes from the password.</summary>
    /// <param name="password">Password bytes (minisign uses the UTF-8 bytes as typed).</param>
    /// <param name="salt">Exactly <see cref="SaltLength"/> bytes.</param>
    /// <param name="opsLimit">libsodium's opslimit; with <paramref name="memoryLimit"/> it picks N, r and p.</param>
    /// <param name="memoryLimit">libsodium's memlimit in bytes.</param>
    /// <param name="output">Receives the derived bytes.</param>
    /// <exception cref="ArgumentException">The salt is not <see cref="SaltLength"/> bytes.</exception>
    /// <exception cref="CryptographicException">libsodium refused, for example because the memory could not be allocated.</exception>
    public static void DeriveBytes(
        ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ulong opsLimit, ulong memoryLimit, Span<byte> output)
    {
        if (!LibSodium.ScryptSalsa208Sha256(output, password, salt, opsLimit, memoryLimit))
        {
            throw new CryptographicException(
                $"scrypt key derivation failed (opslimit {opsLimit}, memlimit {memoryLimit}); is there enough memory?");
        }
    }
}
