using System.Diagnostics;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Tests.Crypto;

internal sealed class PasswordHashTests
{
    private const string Password = "correct horse battery staple";

    // Made independently by the reference implementation's CLI (Debian's argon2 package):
    // echo -n "correct horse battery staple" | argon2 transferpipelinesalt -id -t 2 -m 16 -p 1 -e
    // which are libsodium's INTERACTIVE limits (opslimit 2, 64 MiB).
    private const string ReferenceHash = "$argon2id$v=19$m=65536,t=2,p=1$dHJhbnNmZXJwaXBlbGluZXNhbHQ$25oNhiJ3FkRV0qSXzUtb59987WGfbgiLSK8OnaaRsQE";

    [Test]
    public void Hash_Interactive_IsAnArgon2idStringWithLibsodiumsInteractiveLimits()
    {
        var hash = PasswordHash.Hash(Password, PasswordHashStrength.Interactive);

        Assert.That(hash, Does.StartWith("$argon2id$v=19$m=65536,t=2,p=1$"));
        Assert.That(PasswordHash.NeedsRehash(hash, PasswordHashStrength.Interactive), Is.False);
        Assert.That(PasswordHash.NeedsRehash(hash, PasswordHashStrength.Moderate), Is.True);
    }

    [Test]
    public void Verify_RightPassword_True()
    {
        var hash = PasswordHash.Hash(Password, PasswordHashStrength.Interactive);

        Assert.That(PasswordHash.Verify(hash, Password), Is.True);
    }

    [TestCase("correct horse battery stapl")]
    [TestCase("correct horse battery staple ")]
    [TestCase("Correct horse battery staple")]
    [TestCase("")]
    public void Verify_WrongPassword_False(string wrong)
    {
        var hash = PasswordHash.Hash(Password, PasswordHashStrength.Interactive);

        Assert.That(PasswordHash.Verify(hash, wrong), Is.False);
    }

    [Test]
    public void Verify_HashFromTheReferenceArgon2Tool_AcceptsItsPasswordOnly()
    {
        Assert.That(PasswordHash.Verify(ReferenceHash, Password), Is.True);
        Assert.That(PasswordHash.Verify(ReferenceHash, Password + "!"), Is.False);
    }

    [Test]
    public void Hash_SamePasswordTwice_DifferentSalts()
    {
        var first = PasswordHash.Hash(Password, PasswordHashStrength.Interactive);
        var second = PasswordHash.Hash(Password, PasswordHashStrength.Interactive);

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Hash_NonAsciiPassword_VerifiesAsUtf8()
    {
        var hash = PasswordHash.Hash("pässwörd-ключ-🔑", PasswordHashStrength.Interactive);

        Assert.That(PasswordHash.Verify(hash, "pässwörd-ключ-🔑"), Is.True);
        Assert.That(PasswordHash.Verify(hash, "passwörd-ключ-🔑"), Is.False);
    }

    [TestCase("")]
    [TestCase("not a hash")]
    [TestCase("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA")]
    [TestCase("$argon2id$v=19$m=65536,t=2,p=1$dHJhbnNmZXJwaXBlbGluZXNhbHQ$25oNhiJ3FkRV0qSXzUtb59987WGfbgiLSK8OnaaRsQ\0E")]
    public void Verify_NotAHashString_FalseWithoutThrowing(string hash)
    {
        Assert.That(PasswordHash.Verify(hash, Password), Is.False);
        Assert.That(PasswordHash.NeedsRehash(hash, PasswordHashStrength.Interactive), Is.True);
    }

    [Test]
    public void Verify_HashLongerThanLibsodiumsBuffer_False()
    {
        Assert.That(PasswordHash.Verify(ReferenceHash + new string('A', 200), Password), Is.False);
    }

    [Test]
    public void Hash_PasswordOverTheLimit_Refused()
    {
        Assert.That(() => PasswordHash.Hash(new string('x', PasswordHash.MaxPasswordBytes + 1), PasswordHashStrength.Interactive),
            Throws.ArgumentException);
        Assert.That(PasswordHash.Verify(ReferenceHash, new string('x', PasswordHash.MaxPasswordBytes + 1)), Is.False);
    }

    // What one sign-in costs on this machine; docs/highside.md quotes the numbers.
    [TestCase(PasswordHashStrength.Interactive)]
    [TestCase(PasswordHashStrength.Moderate)]
    public void Verify_Timing_Reported(PasswordHashStrength strength)
    {
        var hash = PasswordHash.Hash(Password, strength);
        var clock = Stopwatch.StartNew();
        const int Rounds = 3;
        for (var i = 0; i < Rounds; i++)
        {
            Assert.That(PasswordHash.Verify(hash, Password), Is.True);
        }

        TestContext.Out.WriteLine($"{strength}: {clock.Elapsed.TotalMilliseconds / Rounds:0} ms per verify");
    }
}
