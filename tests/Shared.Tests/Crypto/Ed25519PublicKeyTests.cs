using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Tests.Crypto;

internal sealed class Ed25519PublicKeyTests
{
    private static Ed25519PublicKey RfcKey() =>
        Ed25519PublicKey.Import(Convert.FromHexString(Ed25519SecretKeyTests.Rfc8032PublicKey));

    [Test]
    public void Verify_Rfc8032Vector1_Accepts()
    {
        var signature = Convert.FromHexString(Ed25519SecretKeyTests.Rfc8032Signature);

        Assert.That(RfcKey().Verify([], signature), Is.True);
    }

    [TestCase(0, 0)]
    [TestCase(31, 7)]
    [TestCase(63, 0)]
    public void Verify_FlippedBitInSignature_Rejects(int index, int bit)
    {
        var signature = Convert.FromHexString(Ed25519SecretKeyTests.Rfc8032Signature);
        signature[index] ^= (byte)(1 << bit);

        Assert.That(RfcKey().Verify([], signature), Is.False);
    }

    [Test]
    public void Verify_DifferentMessage_Rejects()
    {
        var signature = Convert.FromHexString(Ed25519SecretKeyTests.Rfc8032Signature);

        Assert.That(RfcKey().Verify([0], signature), Is.False);
    }

    [TestCase(0)]
    [TestCase(63)]
    [TestCase(65)]
    public void Verify_WrongSignatureLength_ReturnsFalse(int length)
    {
        Assert.That(RfcKey().Verify([], new byte[length]), Is.False);
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    public void Import_WrongLength_Throws(int length)
    {
        Assert.That(() => Ed25519PublicKey.Import(new byte[length]), Throws.ArgumentException);
    }

    [Test]
    public void Equals_SameBytes_EqualAndSameHash()
    {
        var a = RfcKey();
        var b = RfcKey();

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        });
    }
}
