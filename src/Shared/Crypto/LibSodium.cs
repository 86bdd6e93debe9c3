using System.Runtime.InteropServices;

namespace TransferPipeline.Shared.Crypto;

/// <summary>
/// The only place that talks to libsodium. The raw imports are private; callers get span-based
/// wrappers that check buffer sizes (native code writes fixed-size outputs) and make sure
/// sodium_init ran first. Replacing libsodium with NSec means rewriting this class and the
/// facade types, nothing else. It runs past 300 lines on purpose: every pointer and fixed block
/// of the project stays in this one file.
/// </summary>
internal static partial class LibSodium
{
    private const string Library = "libsodium.so.23";

    internal const int PublicKeyBytes = 32;
    internal const int SecretKeyBytes = 64;
    internal const int SeedBytes = 32;
    internal const int SignatureBytes = 64;
    internal const int GenericHashBytesMin = 16;
    internal const int GenericHashBytesMax = 64;
    internal const int ScryptSaltBytes = 32;

    // crypto_pwhash_STRBYTES: the encoded hash with its terminating NUL.
    internal const int PasswordHashStringBytes = 128;

    // libsodium declares crypto_generichash_state with 64-byte alignment.
    internal const int GenericHashStateAlignment = 64;

    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    internal static void SignKeyPair(Span<byte> publicKey, Span<byte> secretKey)
    {
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* pk = publicKey)
            fixed (byte* sk = secretKey)
            {
                Check(crypto_sign_keypair(pk, sk), nameof(crypto_sign_keypair));
            }
        }
    }

    internal static void SignSeedKeyPair(Span<byte> publicKey, Span<byte> secretKey, ReadOnlySpan<byte> seed)
    {
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        RequireLength(seed.Length, SeedBytes, nameof(seed));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* pk = publicKey)
            fixed (byte* sk = secretKey)
            fixed (byte* s = seed)
            {
                Check(crypto_sign_seed_keypair(pk, sk, s), nameof(crypto_sign_seed_keypair));
            }
        }
    }

    internal static void SignDetached(Span<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(signature.Length, SignatureBytes, nameof(signature));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* sig = signature)
            fixed (byte* m = message)
            fixed (byte* sk = secretKey)
            {
                Check(crypto_sign_detached(sig, null, m, (ulong)message.Length, sk), nameof(crypto_sign_detached));
            }
        }
    }

    internal static bool VerifyDetached(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        RequireLength(signature.Length, SignatureBytes, nameof(signature));
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* sig = signature)
            fixed (byte* m = message)
            fixed (byte* pk = publicKey)
            {
                return crypto_sign_verify_detached(sig, m, (ulong)message.Length, pk) == 0;
            }
        }
    }

    internal static void GenericHash(Span<byte> output, ReadOnlySpan<byte> input)
    {
        RequireGenericHashLength(output.Length, nameof(output));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* o = output)
            fixed (byte* i = input)
            {
                Check(crypto_generichash(o, (nuint)output.Length, i, (ulong)input.Length, null, 0), nameof(crypto_generichash));
            }
        }
    }

    internal static int GenericHashStateBytes()
    {
        EnsureInitialized();
        return checked((int)crypto_generichash_statebytes());
    }

    // state: pinned or unmanaged memory of GenericHashStateBytes() bytes, aligned to
    // GenericHashStateAlignment; it must not move between init, update and final.
    internal static void GenericHashInit(Span<byte> state, int outputLength)
    {
        RequireGenericHashLength(outputLength, nameof(outputLength));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* s = state)
            {
                RequireState(s, state.Length);
                Check(crypto_generichash_init(s, null, 0, (nuint)outputLength), nameof(crypto_generichash_init));
            }
        }
    }

    internal static void GenericHashUpdate(Span<byte> state, ReadOnlySpan<byte> input)
    {
        EnsureInitialized();
        unsafe
        {
            fixed (byte* s = state)
            fixed (byte* i = input)
            {
                RequireState(s, state.Length);
                Check(crypto_generichash_update(s, i, (ulong)input.Length), nameof(crypto_generichash_update));
            }
        }
    }

    internal static void GenericHashFinal(Span<byte> state, Span<byte> output)
    {
        RequireGenericHashLength(output.Length, nameof(output));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* s = state)
            fixed (byte* o = output)
            {
                RequireState(s, state.Length);
                Check(crypto_generichash_final(s, o, (nuint)output.Length), nameof(crypto_generichash_final));
            }
        }
    }

    // False when libsodium refuses, typically because it cannot allocate memoryLimit bytes.
    internal static bool ScryptSalsa208Sha256(
        Span<byte> output, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ulong opsLimit, ulong memoryLimit)
    {
        RequireLength(salt.Length, ScryptSaltBytes, nameof(salt));
        if (memoryLimit > nuint.MaxValue)
        {
            return false;
        }

        EnsureInitialized();
        unsafe
        {
            fixed (byte* o = output)
            fixed (byte* p = password)
            fixed (byte* s = salt)
            {
                return crypto_pwhash_scryptsalsa208sha256(
                    o, (ulong)output.Length, p, (ulong)password.Length, s, opsLimit, (nuint)memoryLimit) == 0;
            }
        }
    }

    /// <summary>libsodium's (opslimit, memlimit) for Argon2id: INTERACTIVE when <paramref name="moderate"/> is false.</summary>
    internal static (ulong OpsLimit, ulong MemoryLimit) PasswordHashLimits(bool moderate)
    {
        EnsureInitialized();
        return moderate
            ? (crypto_pwhash_opslimit_moderate(), crypto_pwhash_memlimit_moderate())
            : (crypto_pwhash_opslimit_interactive(), crypto_pwhash_memlimit_interactive());
    }

    // output: PasswordHashStringBytes bytes; receives the NUL-terminated "$argon2id$..." string.
    // False when libsodium refuses, typically because it cannot allocate memoryLimit bytes.
    internal static bool PasswordHashString(Span<byte> output, ReadOnlySpan<byte> password, ulong opsLimit, ulong memoryLimit)
    {
        RequireLength(output.Length, PasswordHashStringBytes, nameof(output));
        if (memoryLimit > nuint.MaxValue)
        {
            return false;
        }

        EnsureInitialized();
        unsafe
        {
            fixed (byte* o = output)
            fixed (byte* p = password)
            {
                return crypto_pwhash_str(o, p, (ulong)password.Length, opsLimit, (nuint)memoryLimit) == 0;
            }
        }
    }

    // encoded: PasswordHashStringBytes bytes holding a NUL-terminated hash string.
    internal static bool PasswordHashVerify(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> password)
    {
        RequireTerminated(encoded);
        EnsureInitialized();
        unsafe
        {
            fixed (byte* e = encoded)
            fixed (byte* p = password)
            {
                return crypto_pwhash_str_verify(e, p, (ulong)password.Length) == 0;
            }
        }
    }

    // 1: the hash was made with other limits (or another algorithm); 0: it was made with these; -1: it is not a hash string.
    internal static int PasswordHashNeedsRehash(ReadOnlySpan<byte> encoded, ulong opsLimit, ulong memoryLimit)
    {
        RequireTerminated(encoded);
        EnsureInitialized();
        unsafe
        {
            fixed (byte* e = encoded)
            {
                return crypto_pwhash_str_needs_rehash(e, opsLimit, (nuint)Math.Min(memoryLimit, nuint.MaxValue));
            }
        }
    }

    internal static bool MemoryEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        RequireLength(b.Length, a.Length, nameof(b));
        EnsureInitialized();
        unsafe
        {
            fixed (byte* pa = a)
            fixed (byte* pb = b)
            {
                return sodium_memcmp(pa, pb, (nuint)a.Length) == 0;
            }
        }
    }

    internal static void MemoryZero(Span<byte> buffer)
    {
        EnsureInitialized();
        unsafe
        {
            fixed (byte* p = buffer)
            {
                sodium_memzero(p, (nuint)buffer.Length);
            }
        }
    }

    internal static void RandomBytes(Span<byte> buffer)
    {
        EnsureInitialized();
        unsafe
        {
            fixed (byte* p = buffer)
            {
                randombytes_buf(p, (nuint)buffer.Length);
            }
        }
    }

    private static void EnsureInitialized() => _ = Initialized.Value;

    private static bool Initialize()
    {
        int result;
        try
        {
            result = sodium_init();
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException("libsodium.so.23 not found: install the Debian package libsodium23", e);
        }

        // 1 means another caller in this process already initialised it, which is fine.
        if (result < 0)
        {
            throw new InvalidOperationException($"sodium_init failed with {result}");
        }

        return true;
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes, got {actual}.", name);
        }
    }

    private static void RequireGenericHashLength(int length, string name)
    {
        if (length is < GenericHashBytesMin or > GenericHashBytesMax)
        {
            throw new ArgumentOutOfRangeException(
                name, length, $"BLAKE2b output length must be {GenericHashBytesMin}..{GenericHashBytesMax} bytes.");
        }
    }

    private static unsafe void RequireState(byte* state, int length)
    {
        if (length < (int)crypto_generichash_statebytes() || (nuint)state % GenericHashStateAlignment != 0)
        {
            throw new ArgumentException("BLAKE2b state buffer is too small or misaligned.", nameof(state));
        }
    }

    private static void RequireTerminated(ReadOnlySpan<byte> encoded)
    {
        RequireLength(encoded.Length, PasswordHashStringBytes, nameof(encoded));
        if (encoded.IndexOf((byte)0) < 0)
        {
            throw new ArgumentException("The password hash string is not NUL-terminated.", nameof(encoded));
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{function} failed with {result}");
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static unsafe partial int crypto_sign_keypair(byte* pk, byte* sk);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_sign_seed_keypair(byte* pk, byte* sk, byte* seed);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_sign_detached(byte* sig, ulong* siglen, byte* m, ulong mlen, byte* sk);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_sign_verify_detached(byte* sig, byte* m, ulong mlen, byte* pk);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_generichash(byte* output, nuint outlen, byte* input, ulong inlen, byte* key, nuint keylen);

    [LibraryImport(Library)]
    private static partial nuint crypto_generichash_statebytes();

    [LibraryImport(Library)]
    private static unsafe partial int crypto_generichash_init(byte* state, byte* key, nuint keylen, nuint outlen);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_generichash_update(byte* state, byte* input, ulong inlen);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_generichash_final(byte* state, byte* output, nuint outlen);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_pwhash_scryptsalsa208sha256(
        byte* output, ulong outlen, byte* passwd, ulong passwdlen, byte* salt, ulong opslimit, nuint memlimit);

    [LibraryImport(Library)]
    private static partial nuint crypto_pwhash_opslimit_interactive();

    [LibraryImport(Library)]
    private static partial nuint crypto_pwhash_memlimit_interactive();

    [LibraryImport(Library)]
    private static partial nuint crypto_pwhash_opslimit_moderate();

    [LibraryImport(Library)]
    private static partial nuint crypto_pwhash_memlimit_moderate();

    [LibraryImport(Library)]
    private static unsafe partial int crypto_pwhash_str(byte* output, byte* passwd, ulong passwdlen, ulong opslimit, nuint memlimit);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_pwhash_str_verify(byte* str, byte* passwd, ulong passwdlen);

    [LibraryImport(Library)]
    private static unsafe partial int crypto_pwhash_str_needs_rehash(byte* str, ulong opslimit, nuint memlimit);

    [LibraryImport(Library)]
    private static unsafe partial int sodium_memcmp(byte* b1, byte* b2, nuint len);

    [LibraryImport(Library)]
    private static unsafe partial void sodium_memzero(byte* pnt, nuint len);

    [LibraryImport(Library)]
    private static unsafe partial void randombytes_buf(byte* buf, nuint size);
}
