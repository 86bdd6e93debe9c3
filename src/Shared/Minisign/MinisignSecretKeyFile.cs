using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Minisign;

/// <summary>
/// The minisign secret key file: a comment line, then base64 of 158 bytes laid out as
/// sig_alg(2) kdf_alg(2) chk_alg(2) salt(32) opslimit(8, LE) memlimit(8, LE) keyid(8) sk(64) chk(32).
/// When kdf_alg is "Sc", keyid|sk|chk is XORed with scrypt(password). Every buffer that holds
/// secret bytes is pinned and zeroed before it is released.
/// </summary>
internal static class MinisignSecretKeyFile
{
    internal const int MaxFileBytes = MinisignText.MaxKeyFileBytes;

    private const int BlobLength = 158;
    private const int KdfAlgorithmOffset = 2;
    private const int ChecksumAlgorithmOffset = 4;
    private const int SaltOffset = 6;
    private const int OpsLimitOffset = 38;
    private const int MemoryLimitOffset = 46;
    private const int KeyIdOffset = 54;
    private const int SecretKeyOffset = 62;
    private const int ChecksumOffset = 126;
    private const int ChecksumLength = 32;

    // keyid | sk | chk: the part minisign encrypts.
    private const int EncryptedOffset = KeyIdOffset;
    private const int EncryptedLength = BlobLength - KeyIdOffset;

    private static ReadOnlySpan<byte> CommentLine => "untrusted comment: minisign encrypted secret key\n"u8;

    internal static byte[] Encode(
        ReadOnlySpan<byte> keyId, Ed25519SecretKey key, ReadOnlySpan<char> password, MinisignKdfLimits limits)
    {
        var blob = Pinned(BlobLength);
        try
        {
            "Ed"u8.CopyTo(blob);
            "B2"u8.CopyTo(blob.AsSpan(ChecksumAlgorithmOffset));
            keyId.CopyTo(blob.AsSpan(KeyIdOffset));
            key.ExportExpanded(blob.AsSpan(SecretKeyOffset, Ed25519SecretKey.ExpandedLength));
            WriteChecksum(blob);
            if (!password.IsEmpty)
            {
                "Sc"u8.CopyTo(blob.AsSpan(KdfAlgorithmOffset));
                CryptoBytes.FillRandom(blob.AsSpan(SaltOffset, Scrypt.SaltLength));
                BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(OpsLimitOffset), limits.OpsLimit);
                BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(MemoryLimitOffset), limits.MemoryLimit);
                ApplyKeyStream(blob, password);
            }

            var file = Pinned(CommentLine.Length + Base64.GetMaxEncodedToUtf8Length(BlobLength) + 1);
            CommentLine.CopyTo(file);
            Base64.EncodeToUtf8(blob, file.AsSpan(CommentLine.Length), out _, out _);
            file[^1] = (byte)'\n';
            return file;
        }
        finally
        {
            CryptoBytes.Zero(blob);
        }
    }

    internal static bool IsEncrypted(ReadOnlySpan<byte> file)
    {
        var blob = DecodeBlob(file);
        try
        {
            return IsEncryptedBlob(blob);
        }
        finally
        {
            CryptoBytes.Zero(blob);
        }
    }

    /// <exception cref="MinisignFormatException">The file layout is wrong.</exception>
    /// <exception cref="CryptographicException">Wrong password, or the key is corrupted.</exception>
    internal static (byte[] KeyId, Ed25519SecretKey Key) Decode(ReadOnlySpan<byte> file, ReadOnlySpan<char> password)
    {
        var blob = DecodeBlob(file);
        try
        {
            var encrypted = IsEncryptedBlob(blob);
            if (encrypted)
            {
                if (password.IsEmpty)
                {
                    throw new CryptographicException("The secret key is encrypted: a password is required.");
                }

                ApplyKeyStream(blob, password);
            }

            VerifyChecksum(blob, encrypted);
            var key = Ed25519SecretKey.ImportSeed(blob.AsSpan(SecretKeyOffset, Ed25519SecretKey.SeedLength));
            var storedPublicKey = blob.AsSpan(SecretKeyOffset + Ed25519SecretKey.SeedLength, Ed25519PublicKey.Length);
            if (!key.PublicKey.Bytes.SequenceEqual(storedPublicKey))
            {
                key.Dispose();
                throw new CryptographicException("Corrupted secret key: its public half does not match its seed.");
            }

            return (blob.AsSpan(KeyIdOffset, MinisignText.KeyIdLength).ToArray(), key);
        }
        finally
        {
            CryptoBytes.Zero(blob);
        }
    }

    private static byte[] DecodeBlob(ReadOnlySpan<byte> file)
    {
        var newline = file.IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw new MinisignFormatException("Secret key file must have 2 lines, got 1.");
        }

        if (!file[..newline].StartsWith("untrusted comment: "u8))
        {
            throw new MinisignFormatException("Secret key line 1 does not start with \"untrusted comment: \".");
        }

        var line = file[(newline + 1)..];
        line = line.EndsWith("\n"u8) ? line[..^1] : line;
        line = line.EndsWith("\r"u8) ? line[..^1] : line;
        if (line.Contains((byte)'\n'))
        {
            throw new MinisignFormatException("Secret key file has more than 2 lines.");
        }

        var blob = Pinned(BlobLength);
        try
        {
            var status = Base64.DecodeFromUtf8(line, blob, out var consumed, out var written);
            if (status != OperationStatus.Done || consumed != line.Length || written != BlobLength)
            {
                throw new MinisignFormatException($"Secret key line 2 is not base64 of {BlobLength} bytes.");
            }

            RequireAlgorithms(blob);
            return blob;
        }
        catch
        {
            CryptoBytes.Zero(blob);
            throw;
        }
    }

    private static void RequireAlgorithms(ReadOnlySpan<byte> blob)
    {
        if (!blob[..2].SequenceEqual("Ed"u8))
        {
            throw new MinisignFormatException("Secret key line 2: unsupported signature algorithm (expected \"Ed\").");
        }

        var kdf = blob.Slice(KdfAlgorithmOffset, 2);
        if (!kdf.SequenceEqual("Sc"u8) && kdf.ContainsAnyExcept((byte)0))
        {
            throw new MinisignFormatException("Secret key line 2: unsupported key derivation (expected \"Sc\" or none).");
        }

        if (!blob.Slice(ChecksumAlgorithmOffset, 2).SequenceEqual("B2"u8))
        {
            throw new MinisignFormatException("Secret key line 2: unsupported checksum algorithm (expected \"B2\").");
        }
    }

    private static bool IsEncryptedBlob(ReadOnlySpan<byte> blob) =>
        blob.Slice(KdfAlgorithmOffset, 2).SequenceEqual("Sc"u8);

    /// <summary>XORs keyid|sk|chk with scrypt(password, salt, limits from the blob); encrypts and decrypts.</summary>
    private static void ApplyKeyStream(byte[] blob, ReadOnlySpan<char> password)
    {
        var passwordBytes = Pinned(Encoding.UTF8.GetByteCount(password));
        var stream = Pinned(EncryptedLength);
        try
        {
            Encoding.UTF8.GetBytes(password, passwordBytes);
            Scrypt.DeriveBytes(
                passwordBytes,
                blob.AsSpan(SaltOffset, Scrypt.SaltLength),
                BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(OpsLimitOffset)),
                BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(MemoryLimitOffset)),
                stream);
            var target = blob.AsSpan(EncryptedOffset, EncryptedLength);
            for (var i = 0; i < target.Length; i++)
            {
                target[i] ^= stream[i];
            }
        }
        finally
        {
            CryptoBytes.Zero(passwordBytes);
            CryptoBytes.Zero(stream);
        }
    }

    private static void WriteChecksum(byte[] blob) =>
        Checksum(blob).CopyTo(blob.AsSpan(ChecksumOffset));

    private static void VerifyChecksum(byte[] blob, bool encrypted)
    {
        var stored = blob.AsSpan(ChecksumOffset, ChecksumLength);
        if (CryptoBytes.FixedTimeEquals(Checksum(blob), stored))
        {
            return;
        }

        // minisign -G -W writes an all-zero checksum and never checks it for unencrypted keys.
        if (!encrypted && !stored.ContainsAnyExcept((byte)0))
        {
            return;
        }

        throw new CryptographicException(encrypted
            ? "Cannot decrypt the secret key: wrong password or corrupted key."
            : "Corrupted secret key: checksum mismatch.");
    }

    /// <summary>BLAKE2b-256 of sig_alg | keyid | sk, as minisign's seckey_chk.</summary>
    private static byte[] Checksum(byte[] blob)
    {
        const int SecretPartLength = MinisignText.KeyIdLength + Ed25519SecretKey.ExpandedLength;
        var input = Pinned(2 + SecretPartLength);
        try
        {
            blob.AsSpan(0, 2).CopyTo(input);
            blob.AsSpan(KeyIdOffset, SecretPartLength).CopyTo(input.AsSpan(2));
            return Blake2bHash.Compute(input, ChecksumLength);
        }
        finally
        {
            CryptoBytes.Zero(input);
        }
    }

    private static byte[] Pinned(int length) => GC.AllocateArray<byte>(length, pinned: true);
}
