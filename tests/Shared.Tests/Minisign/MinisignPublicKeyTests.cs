using TransferPipeline.Shared.Minisign;

using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

internal sealed class MinisignPublicKeyTests
{
    // Written by minisign 0.11 -G -W.
    private const string Base64Line = "RWTBoozfSyq3SDgX8s4Gftk3uik7jI0dsC96b3TOn68THlwTTPgBfBB8";
    private const string FileText = "untrusted comment: minisign public key 48B72A4BDF8CA2C1\n" + Base64Line + "\n";

    [Test]
    public void Parse_MinisignFile_ReadsKeyIdAndKey()
    {
        var key = MinisignPublicKey.Parse(FileText);

        Assert.Multiple(() =>
        {
            Assert.That(key.KeyIdHex, Is.EqualTo("48B72A4BDF8CA2C1"));
            Assert.That(key.KeyId.ToArray(), Is.EqualTo(new byte[] { 0xc1, 0xa2, 0x8c, 0xdf, 0x4b, 0x2a, 0xb7, 0x48 }));
            Assert.That(key.Key.Bytes.Length, Is.EqualTo(32));
        });
    }

    [Test]
    public void ToFileText_MinisignFile_IsByteIdentical()
    {
        var key = MinisignPublicKey.Parse(FileText);

        Assert.Multiple(() =>
        {
            Assert.That(key.ToFileText(), Is.EqualTo(FileText));
            Assert.That(key.ToBase64(), Is.EqualTo(Base64Line));
        });
    }

    [TestCase(new byte[] { 0x2B, 0x06, 0xFE, 0x1A, 0x2C, 0xCE, 0x05, 0x0D }, "D05CE2C1AFE062B")]
    [TestCase(new byte[] { 0x01, 0, 0, 0, 0, 0, 0, 0 }, "1")]
    [TestCase(new byte[] { 0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE }, "FEDCBA9876543210")]
    public void KeyIdHex_LeadingZeroNibbles_PrintedWithoutPaddingLikeMinisign(byte[] keyId, string expected)
    {
        using var key = MinisignSecretKey.Generate();
        var raw = Convert.FromBase64String(key.PublicKey.ToBase64());
        keyId.CopyTo(raw, 2);

        var parsed = MinisignPublicKey.Parse(Convert.ToBase64String(raw));

        Assert.That(parsed.KeyIdHex, Is.EqualTo(expected));
        Assert.That(parsed.ToFileText(), Does.StartWith($"untrusted comment: minisign public key {expected}\n"));
    }

    [Test]
    public void Parse_Base64LineOnly_SameKeyAsFile()
    {
        var fromLine = MinisignPublicKey.Parse(Base64Line);
        var fromFile = MinisignPublicKey.Parse(FileText);

        Assert.Multiple(() =>
        {
            Assert.That(fromLine.Key, Is.EqualTo(fromFile.Key));
            Assert.That(fromLine.KeyIdHex, Is.EqualTo(fromFile.KeyIdHex));
        });
    }

    [TestCase("")]
    [TestCase("RWTBoozfSyq3SDgX8s4Gftk3uik7jI0dsC96b3TOn68THlwTTPgBfBB8AAAA")]
    [TestCase("RWTBoozfSyq3SDgX8s4Gftk3uik7jI0dsC96b3TOn68THlwTTPgBfB")]
    [TestCase("comment: minisign public key\nRWTBoozfSyq3SDgX8s4Gftk3uik7jI0dsC96b3TOn68THlwTTPgBfBB8\n")]
    [TestCase("untrusted comment: a\nRWTBoozfSyq3SDgX8s4Gftk3uik7jI0dsC96b3TOn68THlwTTPgBfBB8\nextra\n")]
    public void Parse_Malformed_Throws(string text)
    {
        Assert.That(() => MinisignPublicKey.Parse(text), Throws.TypeOf<MinisignFormatException>());
    }

    [Test]
    public void Parse_NonEd25519Algorithm_Throws()
    {
        var bytes = Convert.FromBase64String(Base64Line);
        bytes[1] = (byte)'D';

        Assert.That(
            () => MinisignPublicKey.Parse(Convert.ToBase64String(bytes)),
            Throws.TypeOf<MinisignFormatException>().With.Message.Contains("Ed25519"));
    }

    [Test]
    public void Load_MinisignFile_Parses()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("k.pub");
        File.WriteAllText(path, FileText);

        Assert.That(MinisignPublicKey.Load(path).KeyIdHex, Is.EqualTo("48B72A4BDF8CA2C1"));
    }
}
