using System.Buffers.Binary;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

// Key files get Unix modes; the product runs on Debian.
[UnsupportedOSPlatform("windows")]
internal sealed class MinisignSecretKeyTests
{
    private const string Password = "correct horse battery staple";

    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void SaveLoad_Unencrypted_RoundTrips()
    {
        var path = _dir.Combine("k.key");
        using var original = MinisignSecretKey.Generate();
        original.Save(path, []);

        using var loaded = MinisignSecretKey.Load(path, []);

        AssertSameKey(loaded, original);
    }

    [Test]
    public void SaveLoad_EncryptedInteractive_RoundTrips()
    {
        var path = _dir.Combine("k.key");
        using var original = MinisignSecretKey.Generate();
        original.Save(path, Password, MinisignKdfLimits.Interactive);

        using var loaded = MinisignSecretKey.Load(path, Password);

        AssertSameKey(loaded, original);
    }

    [Test]
    public void Load_WrongPassword_ThrowsWrongPasswordOrCorruptedKey()
    {
        var path = SaveEncrypted();

        Assert.That(
            () => MinisignSecretKey.Load(path, "not the password"),
            Throws.TypeOf<CryptographicException>().With.Message.Contains("wrong password or corrupted key"));
    }

    [Test]
    public void Load_EncryptedWithoutPassword_SaysPasswordRequired()
    {
        var path = SaveEncrypted();

        Assert.That(
            () => MinisignSecretKey.Load(path, []),
            Throws.TypeOf<CryptographicException>().With.Message.Contains("password is required"));
    }

    [TestCase(54, TestName = "Load_FlippedByteInEncryptedKeyId_IsCaught")]
    [TestCase(70, TestName = "Load_FlippedByteInEncryptedSeed_IsCaught")]
    [TestCase(130, TestName = "Load_FlippedByteInEncryptedChecksum_IsCaught")]
    [TestCase(10, TestName = "Load_FlippedByteInSalt_IsCaught")]
    public void Load_FlippedByteInEncryptedKey_IsCaught(int offset)
    {
        var path = SaveEncrypted();
        FlipDecodedByte(path, offset);

        Assert.That(
            () => MinisignSecretKey.Load(path, Password),
            Throws.TypeOf<CryptographicException>().With.Message.Contains("wrong password or corrupted key"));
    }

    [TestCase(58, TestName = "Load_FlippedByteInUnencryptedKeyId_IsCaught")]
    [TestCase(62, TestName = "Load_FlippedByteInUnencryptedSeed_IsCaught")]
    [TestCase(100, TestName = "Load_FlippedByteInUnencryptedPublicHalf_IsCaught")]
    [TestCase(157, TestName = "Load_FlippedByteInUnencryptedChecksum_IsCaught")]
    public void Load_FlippedByteInUnencryptedKey_IsCaught(int offset)
    {
        var path = SaveUnencrypted();
        FlipDecodedByte(path, offset);

        Assert.That(
            () => MinisignSecretKey.Load(path, []),
            Throws.TypeOf<CryptographicException>().With.Message.Contains("checksum mismatch"));
    }

    [Test]
    public void Load_FlippedAlgorithmByte_ThrowsFormatException()
    {
        var path = SaveUnencrypted();
        FlipDecodedByte(path, 0);

        Assert.That(() => MinisignSecretKey.Load(path, []), Throws.TypeOf<MinisignFormatException>());
    }

    [Test]
    public void Load_UnencryptedWithZeroChecksum_AcceptedLikeMinisignW()
    {
        var path = SaveUnencrypted();
        using var original = MinisignSecretKey.Load(path, []);
        RewriteBlob(path, blob => blob.AsSpan(126, 32).Clear());

        using var loaded = MinisignSecretKey.Load(path, []);

        AssertSameKey(loaded, original);
    }

    [Test]
    public void Load_EncryptedWithZeroChecksum_Refused()
    {
        // Zeroing the encrypted checksum leaves it equal to the key stream, which is not zero.
        var path = SaveEncrypted();
        RewriteBlob(path, blob => blob.AsSpan(126, 32).Clear());

        Assert.That(() => MinisignSecretKey.Load(path, Password), Throws.TypeOf<CryptographicException>());
    }

    [Test]
    public void Load_PublicHalfNotMatchingSeedWithValidChecksum_Refused()
    {
        var path = SaveUnencrypted();
        RewriteBlob(path, blob =>
        {
            blob[100] ^= 1;
            byte[] checksumInput = [.. blob.AsSpan(0, 2), .. blob.AsSpan(54, 72)];
            Blake2bHash.Compute(checksumInput, 32).CopyTo(blob, 126);
        });

        Assert.That(
            () => MinisignSecretKey.Load(path, []),
            Throws.TypeOf<CryptographicException>().With.Message.Contains("does not match its seed"));
    }

    [TestCase("untrusted comment: x\n")]
    [TestCase("untrusted comment: x\nAAAA\n")]
    [TestCase("no comment\nAAAA\n")]
    [TestCase("")]
    public void Load_Malformed_ThrowsFormatException(string text)
    {
        var path = _dir.Combine("bad.key");
        File.WriteAllText(path, text);

        Assert.That(() => MinisignSecretKey.Load(path, []), Throws.TypeOf<MinisignFormatException>());
    }

    [Test]
    public void Save_Encrypted_WritesMinisignLayout()
    {
        var path = SaveEncrypted();
        var blob = ReadBlob(path);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(path), Does.StartWith("untrusted comment: minisign encrypted secret key\n"));
            Assert.That(blob, Has.Length.EqualTo(158));
            Assert.That(blob.AsSpan(0, 6).ToArray(), Is.EqualTo("EdScB2"u8.ToArray()));
            Assert.That(blob.AsSpan(6, 32).ToArray(), Is.Not.All.EqualTo(0), "salt");
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(38)), Is.EqualTo(524288UL));
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(46)), Is.EqualTo(16777216UL));
        });
    }

    [Test]
    public void Save_Unencrypted_WritesZeroKdfFieldsAndCorrectChecksum()
    {
        var path = SaveUnencrypted();
        var blob = ReadBlob(path);
        byte[] checksumInput = [.. blob.AsSpan(0, 2), .. blob.AsSpan(54, 72)];

        Assert.Multiple(() =>
        {
            Assert.That(blob.AsSpan(0, 6).ToArray(), Is.EqualTo("Ed\0\0B2"u8.ToArray()));
            Assert.That(blob.AsSpan(6, 48).ToArray(), Is.All.EqualTo(0), "salt and limits");
            Assert.That(blob.AsSpan(126, 32).ToArray(), Is.EqualTo(Blake2bHash.Compute(checksumInput, 32)));
        });
    }

    [Test]
    public void Save_CreatesFileWithMode0600AndNoTemporaryFiles()
    {
        var path = SaveUnencrypted();

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(Directory.GetFiles(_dir.Path), Is.EquivalentTo(new[] { path }));
        });
    }

    [Test]
    public void Save_ExistingFile_RefusesAndLeavesItUntouched()
    {
        var path = _dir.Combine("k.key");
        File.WriteAllText(path, "precious");
        using var key = MinisignSecretKey.Generate();

        Assert.Multiple(() =>
        {
            Assert.That(() => key.Save(path, []), Throws.InstanceOf<IOException>().With.Message.Contains("refusing"));
            Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));
            Assert.That(Directory.GetFiles(_dir.Path), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void IsEncrypted_TellsEncryptedFromPlain()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MinisignSecretKey.IsEncrypted(SaveEncrypted()), Is.True);
            Assert.That(MinisignSecretKey.IsEncrypted(SaveUnencrypted("plain.key")), Is.False);
        });
    }

    [TestCase("line\nbreak")]
    [TestCase("carriage\rreturn")]
    [TestCase("nul\0char")]
    public void SignPrehashed_CommentWithLineBreakOrNul_Throws(string comment)
    {
        using var key = MinisignSecretKey.Generate();
        var hash = new byte[64];

        Assert.Multiple(() =>
        {
            Assert.That(() => key.SignPrehashed(hash, comment, "u"), Throws.ArgumentException);
            Assert.That(() => key.SignPrehashed(hash, "t", comment), Throws.ArgumentException);
        });
    }

    [Test]
    public void SignPrehashed_WrongHashLength_Throws()
    {
        using var key = MinisignSecretKey.Generate();

        Assert.That(() => key.SignPrehashed(new byte[32], "t", "u"), Throws.ArgumentException);
    }

    [Test]
    public async Task SignAsync_ProducesPrehashedSignatureOverBlake2b512()
    {
        using var key = MinisignSecretKey.Generate();
        byte[] message = [1, 2, 3, 4];

        var signature = await key.SignAsync(new MemoryStream(message), "batch:1", "u", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(signature.Algorithm, Is.EqualTo(MinisignAlgorithm.Prehashed));
            Assert.That(signature.KeyId.ToArray(), Is.EqualTo(key.PublicKey.KeyId.ToArray()));
            Assert.That(key.PublicKey.Key.Verify(Blake2bHash.Compute(message, 64), signature.Signature), Is.True);
        });
    }

    [Test]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var key = MinisignSecretKey.Generate();
        key.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(() => key.SignPrehashed(new byte[64], "t", "u"), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => key.Save(_dir.Combine("k.key"), []), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void FromSeed_Rfc8032TestVector_GivesItsPublicKeyAndKeyId()
    {
        // RFC 8032, section 7.1, test 1.
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] keyId = [0x28, 0xF3, 0x60, 0x19, 0xB5, 0xBF, 0xD4, 0x03];

        using var key = MinisignSecretKey.FromSeed(keyId, seed);
        using var again = MinisignSecretKey.FromSeed(keyId, seed);

        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.Key.ToString(), Is.EqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
            Assert.That(key.PublicKey.KeyIdHex, Is.EqualTo("3D4BFB51960F328"));
            Assert.That(
                key.SignPrehashed(new byte[64], "t", "u").ToFileText(),
                Is.EqualTo(again.SignPrehashed(new byte[64], "t", "u").ToFileText()));
        });
    }

    [TestCase(7, 32)]
    [TestCase(8, 31)]
    public void FromSeed_WrongLengths_Throws(int keyIdLength, int seedLength) =>
        Assert.That(() => MinisignSecretKey.FromSeed(new byte[keyIdLength], new byte[seedLength]), Throws.ArgumentException);

    private static void AssertSameKey(MinisignSecretKey loaded, MinisignSecretKey original)
    {
        var hash = new byte[64];
        var signature = loaded.SignPrehashed(hash, "t", "u");
        Assert.Multiple(() =>
        {
            Assert.That(loaded.PublicKey.KeyIdHex, Is.EqualTo(original.PublicKey.KeyIdHex));
            Assert.That(loaded.PublicKey.Key, Is.EqualTo(original.PublicKey.Key));
            Assert.That(original.PublicKey.Key.Verify(hash, signature.Signature), Is.True);
        });
    }

    private string SaveEncrypted(string name = "enc.key")
    {
        var path = _dir.Combine(name);
        using var key = MinisignSecretKey.Generate();
        key.Save(path, Password, MinisignKdfLimits.Interactive);
        return path;
    }

    private string SaveUnencrypted(string name = "plain.key")
    {
        var path = _dir.Combine(name);
        using var key = MinisignSecretKey.Generate();
        key.Save(path, []);
        return path;
    }

    private static byte[] ReadBlob(string path) => Convert.FromBase64String(File.ReadAllLines(path)[1]);

    private static void FlipDecodedByte(string path, int offset) => RewriteBlob(path, blob => blob[offset] ^= 0x01);

    private static void RewriteBlob(string path, Action<byte[]> change)
    {
        var lines = File.ReadAllLines(path);
        var blob = Convert.FromBase64String(lines[1]);
        change(blob);
        lines[1] = Convert.ToBase64String(blob);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }
}
