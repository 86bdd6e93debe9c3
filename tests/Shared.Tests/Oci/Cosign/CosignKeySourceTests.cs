using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>A configured key entry is the PEM text or an absolute path to it; anything else is refused saying why.</summary>
public sealed class CosignKeySourceTests
{
    private TempDirectory _scratch = null!;

    [SetUp]
    public void CreateScratch() => _scratch = new TempDirectory("cosign-key-source");

    [TearDown]
    public void RemoveScratch() => _scratch.Dispose();

    [Test]
    public void TryLoad_PemTextWithSurroundingWhitespace_LoadsTheKey()
    {
        using var key = TestCosignKey.EcdsaP256();

        var loaded = CosignKeySource.TryLoad("\n  " + key.PublicPem + "\n", out var parsed, out var error);

        Assert.That(loaded, Is.True, error);
        Assert.That(parsed!.KeyId, Is.EqualTo(key.PublicKey.KeyId));
    }

    [Test]
    public void TryLoad_AbsolutePathToPemFile_LoadsTheKey()
    {
        using var key = TestCosignKey.Ed25519();
        var path = _scratch.Combine("cosign.pub");
        File.WriteAllText(path, key.PublicPem);

        var loaded = CosignKeySource.TryLoad(path, out var parsed, out var error);

        Assert.That(loaded, Is.True, error);
        Assert.That((parsed!.Algorithm, parsed.KeyId), Is.EqualTo((CosignKeyAlgorithm.Ed25519, key.PublicKey.KeyId)));
    }

    [TestCase("", "empty")]
    [TestCase("cosign.pub", "neither a PEM public key")]
    [TestCase("/nonexistent/cosign.pub", "/nonexistent/cosign.pub")]
    public void TryLoad_EntryThatIsNoKey_RefusedSayingWhy(string entry, string why)
    {
        var loaded = CosignKeySource.TryLoad(entry, out var key, out var error);

        Assert.That((loaded, key), Is.EqualTo((false, (CosignPublicKey?)null)));
        Assert.That(error, Does.Contain(why));
    }

    [Test]
    public void TryLoad_FileThatIsNotAKey_RefusedNamingTheFile()
    {
        var path = _scratch.Combine("cosign.key");
        File.WriteAllText(path, "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n");

        var loaded = CosignKeySource.TryLoad(path, out _, out var error);

        Assert.That(loaded, Is.False);
        Assert.That(error, Does.StartWith(path).And.Contain("expected a 'PUBLIC KEY'"));
    }

    [Test]
    public void TryLoad_FileLargerThanTheCap_RefusedWithoutParsing()
    {
        var path = _scratch.Combine("huge.pem");
        File.WriteAllBytes(path, new byte[CosignKeySource.MaxFileBytes + 1]);

        var loaded = CosignKeySource.TryLoad(path, out _, out var error);

        Assert.That(loaded, Is.False);
        Assert.That(error, Does.Contain($"larger than {CosignKeySource.MaxFileBytes} bytes"));
    }
}
