using TransferPipeline.Shared.Minisign;

using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

internal sealed class KeyPasswordSourceTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [TestCase("secret\n")]
    [TestCase("secret")]
    [TestCase("secret\r\n")]
    [TestCase("secret\nsecond line\n")]
    public void Resolve_PasswordFile_FirstLineWithoutLineEnding(string content)
    {
        var path = WritePasswordFile(content);

        var password = KeyPasswordSource.Resolve(path, environmentValue: null, readHidden: null, confirm: false);

        Assert.That(new string(password), Is.EqualTo("secret"));
    }

    [Test]
    public void Resolve_PasswordFileWinsOverEnvironmentAndTerminal()
    {
        var path = WritePasswordFile("from-file\n");

        var password = KeyPasswordSource.Resolve(path, "from-env", _ => "from-tty".ToCharArray(), confirm: true);

        Assert.That(new string(password), Is.EqualTo("from-file"));
    }

    [Test]
    public void Resolve_PasswordFileMissing_Throws()
    {
        Assert.That(
            () => KeyPasswordSource.Resolve(_dir.Combine("none"), "from-env", null, confirm: false),
            Throws.TypeOf<KeyPasswordException>().With.Message.Contains("does not exist"));
    }

    [TestCase("")]
    [TestCase("\n")]
    [TestCase("\r\nsecret\n")]
    public void Resolve_PasswordFileEmpty_Throws(string content)
    {
        var path = WritePasswordFile(content);

        Assert.That(
            () => KeyPasswordSource.Resolve(path, "from-env", null, confirm: false),
            Throws.TypeOf<KeyPasswordException>().With.Message.Contains("empty"));
    }

    [Test]
    public void Resolve_EnvironmentWhenNoFile()
    {
        var password = KeyPasswordSource.Resolve(null, "from-env", _ => "from-tty".ToCharArray(), confirm: false);

        Assert.That(new string(password), Is.EqualTo("from-env"));
    }

    [Test]
    public void Resolve_NoTerminal_MessageNamesEveryWayOut()
    {
        Assert.That(
            () => KeyPasswordSource.Resolve(null, null, null, confirm: false),
            Throws.TypeOf<KeyPasswordException>()
                .With.Message.Contains("--password-file")
                .And.Message.Contains(KeyPasswordSource.EnvironmentVariable)
                .And.Message.Contains("--no-password"));
    }

    [Test]
    public void Resolve_Terminal_AsksOnceForExistingKey()
    {
        var prompts = new List<string>();

        var password = KeyPasswordSource.Resolve(null, "", Answer(prompts, "typed"), confirm: false);

        Assert.Multiple(() =>
        {
            Assert.That(new string(password), Is.EqualTo("typed"));
            Assert.That(prompts, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Resolve_TerminalForNewKey_AsksTwice()
    {
        var prompts = new List<string>();

        var password = KeyPasswordSource.Resolve(null, null, Answer(prompts, "typed", "typed"), confirm: true);

        Assert.Multiple(() =>
        {
            Assert.That(new string(password), Is.EqualTo("typed"));
            Assert.That(prompts, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Resolve_TerminalForNewKey_MismatchThrows()
    {
        Assert.That(
            () => KeyPasswordSource.Resolve(null, null, Answer([], "typed", "typo"), confirm: true),
            Throws.TypeOf<KeyPasswordException>().With.Message.Contains("do not match"));
    }

    [Test]
    public void Resolve_TerminalEmpty_ThrowsPointingAtNoPassword()
    {
        Assert.That(
            () => KeyPasswordSource.Resolve(null, null, Answer([], ""), confirm: false),
            Throws.TypeOf<KeyPasswordException>().With.Message.Contains("--no-password"));
    }

    private string WritePasswordFile(string content)
    {
        var path = _dir.Combine("password.txt");
        File.WriteAllText(path, content);
        return path;
    }

    private static Func<string, char[]> Answer(List<string> prompts, params string[] answers)
    {
        var next = 0;
        return prompt =>
        {
            prompts.Add(prompt);
            return answers[next++].ToCharArray();
        };
    }
}
