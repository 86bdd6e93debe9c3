using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Tests.Crypto;

internal sealed class CryptoBytesTests
{
    [TestCase(new byte[0], new byte[0], true)]
    [TestCase(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }, true)]
    [TestCase(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }, false)]
    [TestCase(new byte[] { 0, 2, 3 }, new byte[] { 1, 2, 3 }, false)]
    [TestCase(new byte[] { 1, 2, 3 }, new byte[] { 1, 2 }, false)]
    [TestCase(new byte[] { 1, 2 }, new byte[] { 1, 2, 3 }, false)]
    [TestCase(new byte[0], new byte[] { 0 }, false)]
    public void FixedTimeEquals_Cases(byte[] a, byte[] b, bool expected)
    {
        Assert.That(CryptoBytes.FixedTimeEquals(a, b), Is.EqualTo(expected));
    }

    [Test]
    public void Zero_ClearsBuffer()
    {
        byte[] buffer = [1, 2, 3, 4];

        CryptoBytes.Zero(buffer);

        Assert.That(buffer, Is.All.EqualTo(0));
    }

    [Test]
    public void FillRandom_FillsBuffer()
    {
        var a = new byte[32];
        var b = new byte[32];

        CryptoBytes.FillRandom(a);
        CryptoBytes.FillRandom(b);

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.Not.All.EqualTo(0));
            Assert.That(a, Is.Not.EqualTo(b));
        });
    }
}
