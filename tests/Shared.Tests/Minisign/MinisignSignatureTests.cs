using TransferPipeline.Shared.Minisign;

using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

internal sealed class MinisignSignatureTests
{
    // Made by minisign 0.11 (Debian) with -t "batch:x".
    internal const string RealSignature =
        "untrusted comment: signature from minisign secret key\n" +
        "RUQo82AZtb/UM+DhdmzoJ3wPkmR8BV0emswnVyDvHxT/WBXGoBs6qyy285WA9RDBAf11aR6Tkf5g8y9bA5aacJ9a82cDUzsA/Ao=\n" +
        "trusted comment: batch:x\n" +
        "HJGaZ+U972cCWKsiD/OSfNbUp72n8Kg76zav/bcOJ4KXABHrWIdq6zdxmivZImyM5Ci/xKn8K62XL1gsmGx9DA==\n";

    private static readonly string[] RealLines = RealSignature.TrimEnd('\n').Split('\n');

    [Test]
    public void Parse_RealMinisignSignature_ReadsFields()
    {
        var signature = MinisignSignature.Parse(RealSignature);

        Assert.Multiple(() =>
        {
            Assert.That(signature.UntrustedComment, Is.EqualTo("signature from minisign secret key"));
            Assert.That(signature.Algorithm, Is.EqualTo(MinisignAlgorithm.Prehashed));
            Assert.That(signature.KeyId.ToArray(), Is.EqualTo(new byte[] { 0x28, 0xf3, 0x60, 0x19, 0xb5, 0xbf, 0xd4, 0x33 }));
            Assert.That(signature.KeyIdHex, Is.EqualTo("33D4BFB51960F328"));
            Assert.That(signature.Signature.Length, Is.EqualTo(64));
            Assert.That(signature.TrustedComment, Is.EqualTo("batch:x"));
            Assert.That(signature.GlobalSignature.Length, Is.EqualTo(64));
        });
    }

    [Test]
    public void ToFileText_RealMinisignSignature_IsByteIdentical()
    {
        Assert.That(MinisignSignature.Parse(RealSignature).ToFileText(), Is.EqualTo(RealSignature));
    }

    [Test]
    public void Parse_CrLfLineEndings_Accepted()
    {
        var signature = MinisignSignature.Parse(RealSignature.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.That(signature.ToFileText(), Is.EqualTo(RealSignature));
    }

    [Test]
    public void Parse_MissingFinalNewline_Accepted()
    {
        Assert.That(MinisignSignature.Parse(RealSignature.TrimEnd('\n')).TrustedComment, Is.EqualTo("batch:x"));
    }

    [TestCase(0, "untrusted: x", "line 1")]
    [TestCase(1, "RUQo82AZtb/UM+Dh", "line 2")]
    [TestCase(1, "not base64 at all!", "line 2")]
    [TestCase(1, "RUQo82AZtb/UM+DhdmzoJ3wPkmR8BV0emswnVyDvHxT/WBXGoBs6qyy285WA9RDBAf11aR6Tkf5g8y9bA5aacJ9a82cDUzsA/Ao=AAAA", "line 2")]
    [TestCase(1, "RUQo82AZtb/UM+DhdmzoJ3wPkmR8BV0emswnVyDvHxT/WBXGoBs6qyy285WA9RDBAf11aR6Tkf5g8y9bA5aacJ9a82cDUzsA/Ao =", "line 2")]
    [TestCase(2, "trusted comment batch:x", "line 3")]
    [TestCase(2, "untrusted comment: batch:x", "line 3")]
    [TestCase(2, "trusted comment: batch:x\rtimestamp:1", "line 3")]
    [TestCase(2, "trusted comment: batch:x\0other", "line 3")]
    [TestCase(3, "HJGaZ+U972cCWKsiD/OSfNbUp72n8Kg76zav/bcOJ4KX", "line 4")]
    [TestCase(3, "", "line 4")]
    public void Parse_MalformedLine_ThrowsNamingTheLine(int lineIndex, string replacement, string expectedLine)
    {
        var lines = (string[])RealLines.Clone();
        lines[lineIndex] = replacement;
        var text = string.Join('\n', lines) + "\n";

        Assert.That(
            () => MinisignSignature.Parse(text),
            Throws.TypeOf<MinisignFormatException>().With.Message.Contains(expectedLine));
    }

    [Test]
    public void Parse_UnknownAlgorithm_Throws()
    {
        var block = Convert.FromBase64String(RealLines[1]);
        block[1] = (byte)'X';
        var text = RealSignature.Replace(RealLines[1], Convert.ToBase64String(block), StringComparison.Ordinal);

        Assert.That(
            () => MinisignSignature.Parse(text),
            Throws.TypeOf<MinisignFormatException>().With.Message.Contains("unknown signature algorithm"));
    }

    [TestCase(3)]
    [TestCase(5)]
    public void Parse_WrongLineCount_Throws(int lineCount)
    {
        var lines = Enumerable.Range(0, lineCount).Select(i => RealLines[Math.Min(i, 3)]);
        var text = string.Join('\n', lines) + "\n";

        Assert.That(
            () => MinisignSignature.Parse(text),
            Throws.TypeOf<MinisignFormatException>().With.Message.Contains($"got {lineCount}"));
    }

    [TestCase("")]
    [TestCase("\n")]
    [TestCase("garbage")]
    [TestCase("\0\u0001\u0002\n\n\n\n")]
    public void Parse_Garbage_Throws(string text)
    {
        Assert.That(() => MinisignSignature.Parse(text), Throws.TypeOf<MinisignFormatException>());
    }

    [Test]
    public void Parse_OverEightKiB_Throws()
    {
        var text = RealSignature.Replace("batch:x", new string('x', 8200), StringComparison.Ordinal);

        Assert.That(
            () => MinisignSignature.Parse(text),
            Throws.TypeOf<MinisignFormatException>().With.Message.Contains("8192"));
    }

    [Test]
    public void Load_HugeFile_RefusedWithoutReadingItAll()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("big.minisig");
        using (var stream = File.Create(path))
        {
            stream.SetLength(100L * 1024 * 1024);
        }

        Assert.That(
            () => MinisignSignature.Load(path),
            Throws.TypeOf<MinisignFormatException>().With.Message.Contains("larger than 8192"));
    }

    [Test]
    public void Load_RealSignatureFile_Parses()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f.minisig");
        File.WriteAllText(path, RealSignature);

        Assert.That(MinisignSignature.Load(path).ToFileText(), Is.EqualTo(RealSignature));
    }
}
