using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>`lowside keygen`, `highside officer keygen` and `highside verify`, run as an operator runs them.</summary>
[TestFixture]
internal sealed class KeyAndVerifyCommandTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory("cli");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task LowsideKeygen_NoPassword_StockMinisignSignsAndVerifiesWithIt()
    {
        var prefix = _temp.Combine("site");
        var keygen = await ProductExecutable.LowSide().RunAsync("keygen", "--out", prefix, "--no-password");
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        var message = _temp.Combine("message.txt");
        await File.WriteAllTextAsync(message, "hello from the low side\n");

        var minisign = ProcessRunner.Require("minisign");
        var sign = await ProcessRunner.RunAsync(minisign, ["-S", "-s", prefix + ".key", "-m", message, "-t", "made with lowside keygen"]);
        var verify = await ProcessRunner.RunAsync(minisign, ["-V", "-p", prefix + ".pub", "-m", message]);

        Assert.That(sign.ExitCode, Is.Zero, sign.Combined);
        Assert.That(verify.ExitCode, Is.Zero, verify.Combined);
        Assert.That(verify.StandardOutput, Does.Contain("made with lowside keygen"));
        Assert.That(File.GetUnixFileMode(prefix + ".key"), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(keygen.StandardOutput, Does.Contain(MinisignPublicKey.Load(prefix + ".pub").KeyIdHex));
    }

    [Test]
    public async Task OfficerKeygen_PasswordFromEnvironment_KeyIsEncryptedAndOpensWithIt()
    {
        var prefix = _temp.Combine("alice");
        var cli = ProductExecutable.HighSide(new Dictionary<string, string> { ["TP_KEY_PASSWORD"] = "correct horse battery staple" });

        var keygen = await cli.RunAsync("officer", "keygen", "--out", prefix);

        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        Assert.That(MinisignSecretKey.IsEncrypted(prefix + ".key"), Is.True);
        using var key = MinisignSecretKey.Load(prefix + ".key", "correct horse battery staple");
        Assert.That(key.PublicKey.KeyIdHex, Is.EqualTo(MinisignPublicKey.Load(prefix + ".pub").KeyIdHex));
    }

    [Test]
    public async Task Keygen_ExistingKey_RefusesToOverwrite()
    {
        var prefix = _temp.Combine("site");
        await ProductExecutable.LowSide().RunAsync("keygen", "--out", prefix, "--no-password");
        var before = await File.ReadAllTextAsync(prefix + ".key");

        var again = await ProductExecutable.LowSide().RunAsync("keygen", "--out", prefix, "--no-password");

        Assert.That(again.ExitCode, Is.EqualTo(1), again.ToString());
        Assert.That(again.StandardError, Does.StartWith("error:"));
        Assert.That(await File.ReadAllTextAsync(prefix + ".key"), Is.EqualTo(before));
    }

    [Test]
    public async Task Keygen_NoPasswordSourceAndNoTerminal_FailsWithAdvice()
    {
        var result = await ProductExecutable.LowSide().RunAsync("keygen", "--out", _temp.Combine("site"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("--password-file").And.Contain("TP_KEY_PASSWORD"));
        Assert.That(File.Exists(_temp.Combine("site.key")), Is.False);
    }

    [Test]
    public async Task HighsideVerify_IntactVolume_ExitsZero()
    {
        using var scenario = new BatchScenario();
        // The real executable checks expiry against the real clock, not the scenario's fixed one.
        scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        var volume = await scenario.WriteSimpleVolumeAsync();
        var publicKey = _temp.Combine("site-a.pub");
        await File.WriteAllTextAsync(publicKey, scenario.Key.PublicKey.ToFileText());

        var result = await ProductExecutable.HighSide().RunAsync("verify", volume, "--trust", publicKey);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("OK: volume 1 of 1 of batch site-a-000001"));
    }

    [Test]
    public async Task HighsideVerify_TamperedVolume_ExitsOneNamingTheReason()
    {
        using var scenario = new BatchScenario();
        // The real executable checks expiry against the real clock, not the scenario's fixed one.
        scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        var volume = await scenario.WriteSimpleVolumeAsync();
        var publicKey = _temp.Combine("site-a.pub");
        await File.WriteAllTextAsync(publicKey, scenario.Key.PublicKey.ToFileText());
        var blob = Directory.EnumerateFiles(Path.Combine(volume, "blobs", "sha256")).First();
        await File.AppendAllTextAsync(blob, "!");

        var text = await ProductExecutable.HighSide().RunAsync("verify", volume, "--trust", publicKey);
        var json = await ProductExecutable.HighSide().RunAsync("verify", volume, "--trust", publicKey, "--json");

        Assert.That(text.ExitCode, Is.EqualTo(1), text.ToString());
        Assert.That(text.StandardError, Does.Contain("[size-mismatch]").And.Contain(Path.GetFileName(blob)));
        Assert.That(json.ExitCode, Is.EqualTo(1));
        Assert.That(json.StandardOutput, Does.Contain("\"reason\": \"size-mismatch\""));
    }

    [Test]
    public async Task HighsideVerify_WrongTrustedKey_ExitsOneUntrustedKey()
    {
        using var scenario = new BatchScenario();
        // The real executable checks expiry against the real clock, not the scenario's fixed one.
        scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        var volume = await scenario.WriteSimpleVolumeAsync();
        using var other = MinisignSecretKey.Generate();
        var publicKey = _temp.Combine("other.pub");
        await File.WriteAllTextAsync(publicKey, other.PublicKey.ToFileText());

        var result = await ProductExecutable.HighSide().RunAsync("verify", volume, "--trust", publicKey);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("[" + BatchRejectionReason.UntrustedKey.ToCode() + "]"));
    }

    [Test]
    public async Task HighsideVerify_MissingArgument_ExitsWithUsageError()
    {
        var result = await ProductExecutable.HighSide().RunAsync("verify");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Is.Not.Empty);
    }
}
