using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Tests.Crypto;

internal sealed class ScryptTests
{
    // libsodium turns opslimit 524288 / memlimit 16 MiB into N = 2^14, r = 8, p = 1. The expected
    // bytes were computed independently with OpenSSL's scrypt (Python hashlib.scrypt, n=16384,
    // r=8, p=1), which reproduces the RFC 7914 vectors; libsodium's API needs a 32-byte salt, so
    // the RFC's own vectors cannot be fed to it directly.
    private const string Expected =
        "531d2fa8ea8f5557e3b8aafb7434bf21014946f86c8bfaece2881b76c18a0ecbb1552f6f4de1aa8c4ec324a9a7723d0fcc3718a22a376aac44da684bd50b2149";

    private const ulong OpsLimit = 524288;
    private const ulong MemoryLimit = 16777216;

    private static readonly byte[] Password = Encoding.UTF8.GetBytes("correct horse battery staple");

    private static byte[] Salt() => [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Test]
    public void DeriveBytes_KnownParameters_MatchesOpenSslScrypt()
    {
        var output = new byte[64];

        Scrypt.DeriveBytes(Password, Salt(), OpsLimit, MemoryLimit, output);

        Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(Expected));
    }

    [Test]
    public void DeriveBytes_SameInputs_SameOutput()
    {
        var a = new byte[104];
        var b = new byte[104];

        Scrypt.DeriveBytes(Password, Salt(), OpsLimit, MemoryLimit, a);
        Scrypt.DeriveBytes(Password, Salt(), OpsLimit, MemoryLimit, b);

        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void DeriveBytes_DifferentSalt_Differs()
    {
        var a = new byte[32];
        var b = new byte[32];
        var otherSalt = Salt();
        otherSalt[0] ^= 1;

        Scrypt.DeriveBytes(Password, Salt(), OpsLimit, MemoryLimit, a);
        Scrypt.DeriveBytes(Password, otherSalt, OpsLimit, MemoryLimit, b);

        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void DeriveBytes_WrongSaltLength_Throws()
    {
        Assert.That(
            () => Scrypt.DeriveBytes(Password, new byte[16], OpsLimit, MemoryLimit, new byte[32]),
            Throws.ArgumentException);
    }

    [Test]
    public void DeriveBytes_ImpossibleMemoryLimit_ThrowsCryptographicException()
    {
        // N = 2^60 cannot be allocated; libsodium must refuse rather than crash.
        Assert.That(
            () => Scrypt.DeriveBytes(Password, Salt(), ulong.MaxValue / 2, ulong.MaxValue / 2, new byte[32]),
            Throws.TypeOf<CryptographicException>());
    }
}
