using System.Text;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.Deb;

/// <summary>Signatures made with BouncyCastle, checked by the real gpg and gpgv that apt runs.</summary>
public sealed class OpenPgpSigningKeyTests
{
    // A line starting with a dash (dash-escaped in the clear text) and one with trailing blanks (not signed).
    private const string Text = "Origin: high-a\n-Odd: dashed\nLabel: trailing  \t\nSuite: stable\n";

    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("openpgp");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task Generate_Ed25519_GpgvVerifiesClearSignedAndDetachedSignatures()
    {
        var key = OpenPgpSigningKey.Generate("Test <apt@test.invalid>", Created);
        var publicKey = await WriteAsync("key.asc", key.PublicArmoured());
        var shown = await ProcessRunner.RunAsync("gpg", ["--batch", "--with-colons", "--show-keys", publicKey]);

        var clear = await Gpgv.VerifyAsync(publicKey, await WriteAsync("InRelease", key.ClearSign(Text, Created.AddDays(1))));
        var signature = await WriteAsync("Release.gpg", key.DetachedSign(Encoding.UTF8.GetBytes(Text), Created));
        var detached = await Gpgv.VerifyAsync(publicKey, signature, await WriteAsync("Release", Text));

        Assert.That((clear.ExitCode, detached.ExitCode), Is.EqualTo((0, 0)), clear + "\n" + detached);
        Assert.That(shown.StandardOutput, Does.Contain($"fpr:::::::::{key.Fingerprint}:"));
        var pub = shown.StandardOutput.Split('\n').Single(l => l.StartsWith("pub:", StringComparison.Ordinal));
        Assert.That(pub.Split(':')[3], Is.EqualTo("22"), "EdDSA (algorithm 22)");
        Assert.That(key.ClearSign(Text, Created), Does.Contain("\n- -Odd: dashed\n"));
    }

    [Test]
    public async Task ClearSign_TextAlteredAfterSigning_GpgvRefuses()
    {
        var key = OpenPgpSigningKey.Generate("Test <apt@test.invalid>", Created);
        var publicKey = await WriteAsync("key.asc", key.PublicArmoured());
        var altered = key.ClearSign(Text, Created).Replace("Suite: stable", "Suite: stabl3", StringComparison.Ordinal);

        var verified = await Gpgv.VerifyAsync(publicKey, await WriteAsync("InRelease", altered));

        Assert.That(verified.ExitCode, Is.Not.Zero, verified.ToString());
        Assert.That(verified.StandardError, Does.Contain("BAD signature"));
    }

    [Test]
    public async Task Read_OperatorKeyExportedByGpg_SignsWhatGpgvVerifiesWithTheOperatorsKeyring()
    {
        using var operatorKey = await TestOpenPgpKey.CreateAsync();
        var export = (await operatorKey.GpgAsync("--armor", "--export-secret-keys")).StandardOutputBytes;
        var key = OpenPgpSigningKey.Read(new MemoryStream(export));

        var verified = await ProcessRunner.RunAsync("gpgv",
            ["--keyring", operatorKey.KeyringPath, await WriteAsync("InRelease", key.ClearSign(Text, DateTimeOffset.UtcNow))]);

        Assert.That(verified.ExitCode, Is.Zero, verified.ToString());
        Assert.That((await operatorKey.GpgAsync("--with-colons", "--fingerprint")).StandardOutput, Does.Contain(key.Fingerprint));
    }

    [Test]
    public async Task Read_KeyProtectedByAPassphrase_Refused()
    {
        using var operatorKey = await TestOpenPgpKey.CreateAsync();
        await operatorKey.GpgAsync("--passphrase", "secret", "--quick-gen-key", "Protected <p@test.invalid>", "ed25519", "sign", "never");
        var exported = await operatorKey.GpgAsync("--passphrase", "secret", "--armor", "--export-secret-keys", "Protected");
        var export = exported.StandardOutputBytes;

        Assert.Throws<InvalidDataException>(() => OpenPgpSigningKey.Read(new MemoryStream(export)));
    }

    [Test]
    public void Read_NotAKey_Refused() =>
        Assert.Throws<InvalidDataException>(() => OpenPgpSigningKey.Read(new MemoryStream(Encoding.ASCII.GetBytes("not a key"))));

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = _directory.Combine(name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
