using TransferPipeline.Shared.Debian;

namespace TransferPipeline.Shared.Tests.Debian;

public sealed class Deb822ReaderTests
{
    [Test]
    public void Read_ParagraphsWithContinuations_KeepsTextAndFields()
    {
        const string text = "Package: a\nDescription: short\n long line\n .\n more\n\n\nPackage: b\nDepends: c,\n d (>= 1)\n";
        var paragraphs = Deb822Reader.Read(new StringReader(text)).ToList();

        Assert.That(paragraphs, Has.Count.EqualTo(2));
        Assert.That(paragraphs[0].Text, Is.EqualTo("Package: a\nDescription: short\n long line\n .\n more"));
        Assert.That(paragraphs[0]["description"], Is.EqualTo("short\n long line\n .\n more"));
        Assert.That(paragraphs[1].Folded("Depends"), Is.EqualTo("c,  d (>= 1)"));
        Assert.That(paragraphs[1]["Missing"], Is.Null);
    }

    [TestCase("Package: a\nPackage: b\n", "twice")]
    [TestCase(" continued\n", "continuation")]
    [TestCase("no colon here\n", "neither")]
    [TestCase("#comment: x\n", "neither")]
    [TestCase("Package: a\r\n", "control character")]
    [TestCase("Package: a\n \t\nVersion: 1\n", "only blanks")]
    [TestCase("Package: a\u0001\n", "control character")]
    public void Read_MalformedText_IsRefusedWithTheReason(string text, string reason)
    {
        var error = Assert.Throws<Deb822Exception>(() => Deb822Reader.Read(new StringReader(text)).ToList());
        Assert.That(error!.Message, Does.Contain(reason));
    }

    [Test]
    public void Read_ParagraphOverTheLimit_IsRefused()
    {
        var text = "Package: a\nDescription: x\n" + string.Concat(Enumerable.Repeat(" more text\n", 100));
        Assert.Throws<Deb822Exception>(() => Deb822Reader.Read(new StringReader(text), maxParagraphChars: 500).ToList());
        Assert.That(Deb822Reader.Read(new StringReader(text), maxParagraphChars: 5000).Count(), Is.EqualTo(1));
    }

    [TestCase("Package: a\n")]
    [TestCase("Package: a\n\nPackage: b")]
    [TestCase("")]
    public void ReadOne_AnythingButOneParagraph_IsRefused(string text) =>
        Assert.Throws<Deb822Exception>(() => Deb822Reader.ReadOne(text));
}
