using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Tests.Crypto;

internal sealed class Ed25519SecretKeyTests
{
    // RFC 8032, section 7.1, TEST 1 (empty message).
    internal const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    internal const string Rfc8032PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    internal const string Rfc8032Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    [Test]
    public void ImportSeed_Rfc8032Vector1_DerivesPublicKey()
    {
        using var key = Ed25519SecretKey.ImportSeed(Convert.FromHexString(Rfc8032Seed));

        Assert.That(Convert.ToHexStringLower(key.PublicKey.Bytes), Is.EqualTo(Rfc8032PublicKey));
    }

    [Test]
    public void Sign_Rfc8032Vector1_ProducesKnownSignature()
    {
        using var key = Ed25519SecretKey.ImportSeed(Convert.FromHexString(Rfc8032Seed));

        var signature = key.Sign([]);

        Assert.That(Convert.ToHexStringLower(signature), Is.EqualTo(Rfc8032Signature));
    }

    [Test]
    public void ExportExpanded_IsSeedFollowedByPublicKey()
    {
        using var key = Ed25519SecretKey.ImportSeed(Convert.FromHexString(Rfc8032Seed));
        var expanded = new byte[Ed25519SecretKey.ExpandedLength];

        key.ExportExpanded(expanded);

        Assert.That(Convert.ToHexStringLower(expanded), Is.EqualTo(Rfc8032Seed + Rfc8032PublicKey));
    }

    [Test]
    public void Generate_SignatureVerifiesWithItsPublicKey()
    {
        using var key = Ed25519SecretKey.Generate();
        byte[] data = [1, 2, 3];

        Assert.That(key.PublicKey.Verify(data, key.Sign(data)), Is.True);
    }

    [Test]
    public void Generate_TwoKeysDiffer()
    {
        using var a = Ed25519SecretKey.Generate();
        using var b = Ed25519SecretKey.Generate();

        Assert.That(a.PublicKey, Is.Not.EqualTo(b.PublicKey));
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(64)]
    public void ImportSeed_WrongLength_Throws(int length)
    {
        Assert.That(() => Ed25519SecretKey.ImportSeed(new byte[length]), Throws.ArgumentException);
    }

    [Test]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var key = Ed25519SecretKey.Generate();
        key.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(() => key.Sign([1]), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => key.ExportExpanded(new byte[64]), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => key.PublicKey, Throws.TypeOf<ObjectDisposedException>());
        });
    }
}
