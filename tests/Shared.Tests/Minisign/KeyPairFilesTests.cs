using System.Runtime.Versioning;
using TransferPipeline.Shared.Minisign;

using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

// Key files get Unix modes; the product runs on Debian.
[UnsupportedOSPlatform("windows")]
internal sealed class KeyPairFilesTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void WriteNew_WritesKeyAndPubWithModes()
    {
        var prefix = _dir.Combine("officer");

        var publicKey = KeyPairFiles.WriteNew(prefix, "pw", MinisignKdfLimits.Interactive);

        using var secretKey = MinisignSecretKey.Load(prefix + ".key", "pw");
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(prefix + ".key"), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(
                File.GetUnixFileMode(prefix + ".pub"),
                Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead));
            Assert.That(File.ReadAllText(prefix + ".pub"), Is.EqualTo(publicKey.ToFileText()));
            Assert.That(secretKey.PublicKey.Key, Is.EqualTo(publicKey.Key));
            Assert.That(secretKey.PublicKey.KeyIdHex, Is.EqualTo(publicKey.KeyIdHex));
            Assert.That(Directory.GetFiles(_dir.Path), Has.Length.EqualTo(2), "no temporary files left");
        });
    }

    [Test]
    public void WriteNew_OwnerOnly_PublicKeyReadableByItsOwnerOnly()
    {
        var prefix = _dir.Combine("highside");

        KeyPairFiles.WriteNew(prefix, [], ownerOnly: true);

        Assert.That(File.GetUnixFileMode(prefix + ".pub"), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [TestCase(".key")]
    [TestCase(".pub")]
    public void WriteNew_EitherFileExists_RefusesAndWritesNothing(string existing)
    {
        var prefix = _dir.Combine("officer");
        File.WriteAllText(prefix + existing, "keep me");

        Assert.Multiple(() =>
        {
            Assert.That(() => KeyPairFiles.WriteNew(prefix, []), Throws.InstanceOf<IOException>());
            Assert.That(File.ReadAllText(prefix + existing), Is.EqualTo("keep me"));
            Assert.That(Directory.GetFiles(_dir.Path), Has.Length.EqualTo(1));
        });
    }
}
