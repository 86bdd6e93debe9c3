using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

/// <summary>Checks against the real minisign 0.11 binary, in both directions.</summary>
internal sealed class MinisignCrossToolTests
{
    private const string Password = "tr0ub4dor&3";
    private const string Minisign = "/usr/bin/minisign";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private TempDirectory _dir = null!;
    private string _file = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _file = _dir.Combine("payload.bin");
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        File.WriteAllBytes(_file, content);
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public async Task MinisignVerify_AcceptsOurSignAsyncSignature_AndPrintsTrustedComment()
    {
        using var key = MinisignSecretKey.Generate();
        File.WriteAllText(_dir.Combine("our.pub"), key.PublicKey.ToFileText());
        await using (var message = File.OpenRead(_file))
        {
            var signature = await key.SignAsync(message, "batch:7 site:alpha", "our signature", CancellationToken.None);
            File.WriteAllText(_file + ".minisig", signature.ToFileText());
        }

        var result = await MinisignAsync("-V", "-p", _dir.Combine("our.pub"), "-m", _file);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput, Does.Contain("Trusted comment: batch:7 site:alpha"));
        });
    }

    [Test]
    public async Task OurVerifier_AcceptsSignatureFromMinisignWithUnencryptedKey()
    {
        AssertSucceeded(await MinisignAsync("-G", "-W", "-p", _dir.Combine("k.pub"), "-s", _dir.Combine("k.key")));
        AssertSucceeded(await MinisignAsync("-S", "-s", _dir.Combine("k.key"), "-m", _file, "-t", "comment from minisign"));
        var publicKey = MinisignPublicKey.Load(_dir.Combine("k.pub"));
        var signature = MinisignSignature.Load(_file + ".minisig");

        await using var message = File.OpenRead(_file);
        var result = await MinisignVerifier.VerifyAsync([publicKey], message, signature);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
            Assert.That(signature.Algorithm, Is.EqualTo(MinisignAlgorithm.Prehashed));
            Assert.That(signature.TrustedComment, Is.EqualTo("comment from minisign"));
            Assert.That(signature.ToFileText(), Is.EqualTo(File.ReadAllText(_file + ".minisig")), "byte-identical layout");
            Assert.That(publicKey.ToFileText(), Is.EqualTo(File.ReadAllText(_dir.Combine("k.pub"))), "byte-identical layout");
        });
    }

    [Test]
    public async Task OurLoad_ReadsUnencryptedKeyFromMinisignW_AndSignsForMinisign()
    {
        // minisign -W writes an all-zero checksum; we accept that for unencrypted keys only.
        AssertSucceeded(await MinisignAsync("-G", "-W", "-p", _dir.Combine("k.pub"), "-s", _dir.Combine("k.key")));

        using var key = MinisignSecretKey.Load(_dir.Combine("k.key"), []);
        var signature = key.SignPrehashed(
            Blake2bHash.Compute(File.ReadAllBytes(_file), 64), "signed by us", "u");
        File.WriteAllText(_file + ".minisig", signature.ToFileText());

        var result = await MinisignAsync("-V", "-p", _dir.Combine("k.pub"), "-m", _file);
        Assert.Multiple(() =>
        {
            Assert.That(MinisignSecretKey.IsEncrypted(_dir.Combine("k.key")), Is.False);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
        });
    }

    [Test]
    public async Task MinisignSign_WorksWithKeySavedByUsUnencrypted_AndMinisignVerifiesWithOurPub()
    {
        var publicKey = KeyPairFiles.WriteNew(_dir.Combine("our"), []);

        AssertSucceeded(await MinisignAsync("-S", "-s", _dir.Combine("our.key"), "-m", _file, "-t", "minisign used our key"));
        var result = await MinisignAsync("-V", "-p", _dir.Combine("our.pub"), "-m", _file);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput, Does.Contain("Trusted comment: minisign used our key"));
            Assert.That(MinisignSignature.Load(_file + ".minisig").KeyIdHex, Is.EqualTo(publicKey.KeyIdHex));
        });
    }

    [Test]
    public async Task MinisignSign_DecryptsKeyEncryptedByUs()
    {
        // Interactive limits keep this fast; the format is the same as with minisign's own limits.
        KeyPairFiles.WriteNew(_dir.Combine("our"), Password, MinisignKdfLimits.Interactive);

        AssertSucceeded(await MinisignWithPasswordAsync(
            Password, "-S", "-s", _dir.Combine("our.key"), "-m", _file, "-t", "encrypted by us"));
        var result = await MinisignAsync("-V", "-p", _dir.Combine("our.pub"), "-m", _file);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    [Category("Scrypt1GiB")]
    public async Task OurLoad_DecryptsPasswordProtectedKeyMadeByMinisign()
    {
        // The one test that pays for minisign's 1 GiB scrypt (twice: minisign -G, then our Load).
        AssertSucceeded(await MinisignWithPasswordAsync(Password, "-G", "-p", _dir.Combine("k.pub"), "-s", _dir.Combine("k.key")));
        Assert.That(MinisignSecretKey.IsEncrypted(_dir.Combine("k.key")), Is.True);

        using var key = MinisignSecretKey.Load(_dir.Combine("k.key"), Password);

        var expected = MinisignPublicKey.Load(_dir.Combine("k.pub"));
        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.KeyIdHex, Is.EqualTo(expected.KeyIdHex));
            Assert.That(key.PublicKey.Key, Is.EqualTo(expected.Key));
        });
    }

    [Test]
    public async Task OurVerifier_LegacySignatureFromMinisign_RefusedUnlessAllowed()
    {
        AssertSucceeded(await MinisignAsync("-G", "-W", "-p", _dir.Combine("k.pub"), "-s", _dir.Combine("k.key")));
        AssertSucceeded(await MinisignAsync("-S", "-l", "-s", _dir.Combine("k.key"), "-m", _file, "-t", "legacy"));
        var publicKey = MinisignPublicKey.Load(_dir.Combine("k.pub"));
        var signature = MinisignSignature.Load(_file + ".minisig");
        var content = File.ReadAllBytes(_file);
        var hash = Blake2bHash.Compute(content, 64);

        var refused = MinisignVerifier.Verify([publicKey], hash, content, signature);
        var allowed = MinisignVerifier.Verify([publicKey], hash, content, signature, allowLegacy: true);

        Assert.Multiple(() =>
        {
            Assert.That(signature.Algorithm, Is.EqualTo(MinisignAlgorithm.Legacy));
            Assert.That(refused.Status, Is.EqualTo(MinisignVerificationStatus.LegacyAlgorithmRefused));
            Assert.That(allowed.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
        });
    }

    [Test]
    public async Task MinisignVerify_RejectsOurSignatureWithEditedTrustedComment()
    {
        using var key = MinisignSecretKey.Generate();
        File.WriteAllText(_dir.Combine("our.pub"), key.PublicKey.ToFileText());
        await using (var message = File.OpenRead(_file))
        {
            var signature = await key.SignAsync(message, "batch:7", "u", CancellationToken.None);
            File.WriteAllText(_file + ".minisig", signature.ToFileText().Replace("batch:7", "batch:8", StringComparison.Ordinal));
        }

        var result = await MinisignAsync("-V", "-p", _dir.Combine("our.pub"), "-m", _file);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("Comment signature verification failed"));
        });
    }

    private static void AssertSucceeded(ProcessResult result) =>
        Assert.That(result.ExitCode, Is.Zero, result.ToString());

    private static Task<ProcessResult> MinisignAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(new ProcessCommand(Minisign, arguments), Timeout);

    // minisign reads passwords from the terminal only.
    private static Task<ProcessResult> MinisignWithPasswordAsync(string password, params string[] arguments) =>
        ProcessRunner.RunAsync(new ProcessCommand(Minisign, arguments).OnTerminal("Password", password), Timeout);
}
