using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Tests.FileSystem;

[TestFixture]
internal sealed class PortableFileNameTests
{
    [TestCase("tool-1.2.3.tar.gz")]
    [TestCase("Setup Tool 2.0.msi")]
    [TestCase("caf\u00e9 \u65e5\u672c.pdf")]
    [TestCase("\ud83d\ude00.bin", TestName = "Problem_CharacterOutsideTheBmp_None")]
    [TestCase("console.log", TestName = "Problem_DeviceNameAsAPrefixOfALongerStem_None")]
    [TestCase("com10.txt")]
    public void Problem_PortableName_None(string name) => Assert.That(PortableFileName.Problem(name), Is.Null);

    [TestCase("", "empty")]
    [TestCase(".", "starts with '.'")]
    [TestCase("..", "starts with '.'")]
    [TestCase(".bashrc", "starts with '.'")]
    [TestCase(" tool.bin", "space")]
    [TestCase("tool.bin ", "space")]
    [TestCase("tool.", "ends with '.'")]
    [TestCase("a/b", "'/'")]
    [TestCase("a\\b", "'\\'")]
    [TestCase("a:b", "':'")]
    [TestCase("a*b", "'*'")]
    [TestCase("report\u202Efdp.exe", "U+202E (Format)")]
    [TestCase("isolate\u2066d.exe", "U+2066 (Format)")]
    [TestCase("zero\u200Bwidth", "U+200B (Format)")]
    [TestCase("bom\uFEFF.txt", "U+FEFF (Format)")]
    [TestCase("tag\udb40\udc01.txt", "U+E0001 (Format)")]
    [TestCase("bell\u0007.bin", "U+0007 (Control")]
    [TestCase("next\u0085line", "U+0085 (Control")]
    [TestCase("line\u2028sep", "U+2028 (LineSeparator)")]
    [TestCase("no\u00a0break", "U+00A0 (SpaceSeparator)")]
    [TestCase("ideographic\u3000space", "U+3000 (SpaceSeparator)")]
    [TestCase("private\ue000use", "U+E000 (PrivateUse)")]
    [TestCase("CON", "device name")]
    [TestCase("nul.txt", "device name")]
    [TestCase("Lpt9.tar.gz", "device name")]
    [TestCase("CON .txt", "device name")]
    [TestCase("com\u00b9.log", "device name")]
    [TestCase("filler\u3164.exe", "U+3164, which shows as nothing")]
    [TestCase("braille\u2800.pdf", "U+2800, which shows as nothing")]
    public void Problem_UnportableName_SaysWhy(string name, string why) =>
        Assert.That(PortableFileName.Problem(name), Does.Contain(why));

    // Not a TestCase: an attribute's string is kept in UTF-8, which has no unpaired surrogate, so it would arrive as U+FFFD.
    [Test]
    public void Problem_UnpairedSurrogate_SaysWhy()
    {
        Assert.That(PortableFileName.Problem("lone" + (char)0xD800 + "surrogate"), Does.Contain("U+D800 (Surrogate)"));
        Assert.That(PortableFileName.Problem("end" + (char)0xDC00), Does.Contain("U+DC00 (Surrogate)"));
    }

    [Test]
    public void Problem_LengthIsCountedInUtf8Bytes()
    {
        Assert.That(PortableFileName.Problem(new string('a', 255)), Is.Null);
        Assert.That(PortableFileName.Problem(new string('a', 256)), Does.Contain("255 bytes"));
        Assert.That(PortableFileName.Problem(new string('\u00e9', 127) + "a"), Is.Null, "255 bytes");
        Assert.That(PortableFileName.Problem(new string('\u00e9', 128)), Does.Contain("255 bytes"), "256 bytes in 128 characters");
    }
}
