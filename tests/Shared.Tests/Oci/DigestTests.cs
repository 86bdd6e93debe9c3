using System.Text;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Oci;

public sealed class DigestTests
{
    [Test]
    public void Compute_KnownInput_MatchesSha256()
    {
        var digest = Digest.Compute(Encoding.ASCII.GetBytes("test"));

        Assert.That(digest.Value, Is.EqualTo("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        Assert.That(digest.Hex, Has.Length.EqualTo(64));
    }

    [Test]
    public void Equality_SameValue_IsEqual() =>
        Assert.That(Digest.Compute([1, 2, 3]), Is.EqualTo(Digest.Parse(Digest.Compute([1, 2, 3]).Value)));

    [TestCase(null, "empty")]
    [TestCase("sha256:", "64 hex")]
    [TestCase("sha384:abc", "only sha256")]
    [TestCase("sha256:zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase hex")]
    public void TryParse_Invalid_FailsWithReason(string? text, string expected)
    {
        Assert.That(Digest.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void Default_Value_Throws() =>
        Assert.That(() => default(Digest).Value, Throws.InvalidOperationException);
}
