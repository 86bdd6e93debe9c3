using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Oci;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestCase("registry.example.org/library/nginx:1.25", "registry.example.org", "library/nginx", "1.25", null)]
    [TestCase("127.0.0.1:5000/a/b:tag", "127.0.0.1:5000", "a/b", "tag", null)]
    [TestCase("localhost:5000/app@sha256:" + Hex, "localhost:5000", "app", null, "sha256:" + Hex)]
    [TestCase("localhost/app:latest", "localhost", "app", "latest", null)]
    [TestCase("reg.io:443/a/b/c:v1.0_rc-1", "reg.io:443", "a/b/c", "v1.0_rc-1", null)]
    [TestCase("reg.io/app:1.0@sha256:" + Hex, "reg.io", "app", "1.0", "sha256:" + Hex)]
    [TestCase("[::1]:5000/app:1", "[::1]:5000", "app", "1", null)]
    [TestCase("reg.io/a__b/c-d--e.f_g:_t", "reg.io", "a__b/c-d--e.f_g", "_t", null)]
    [TestCase("my-registry.internal:8443/team/app:TAG", "my-registry.internal:8443", "team/app", "TAG", null)]
    public void TryParse_ValidReference_ReturnsParts(string text, string registry, string repository, string? tag, string? digest)
    {
        var ok = ImageReference.TryParse(text, out var reference, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(reference!.Registry, Is.EqualTo(registry));
        Assert.That(reference.Repository, Is.EqualTo(repository));
        Assert.That(reference.Tag, Is.EqualTo(tag));
        Assert.That(reference.Digest?.Value, Is.EqualTo(digest));
        Assert.That(reference.Reference, Is.EqualTo(digest ?? tag));
        Assert.That(reference.ToString(), Is.EqualTo(text));
        Assert.That(error, Is.Empty);
    }

    [TestCase("", "empty")]
    [TestCase("nginx:latest", "missing the registry host")]
    [TestCase("library/nginx:1", "missing the registry host")]
    [TestCase("/app:1", "missing the registry host")]
    [TestCase("reg.io/Library/nginx:1", "invalid repository")]
    [TestCase("reg.io/a/../b:1", "invalid repository")]
    [TestCase("reg.io/a..b:1", "invalid repository")]
    [TestCase("reg.io//app:1", "invalid repository")]
    [TestCase("reg.io/app/:1", "invalid repository")]
    [TestCase("reg.io/-app:1", "invalid repository")]
    [TestCase("reg.io/app", "needs a tag")]
    [TestCase("reg.io/app:-bad", "invalid tag")]
    [TestCase("reg.io/app:.bad", "invalid tag")]
    [TestCase("reg.io/app:", "invalid tag")]
    [TestCase("reg.io/app@sha256:abc", "64 hex characters")]
    [TestCase("reg.io/app@sha256:" + Hex + "0", "64 hex characters")]
    [TestCase("reg.io/app@sha512:" + Hex + Hex, "only sha256")]
    [TestCase("reg.io/app@SHA256:" + Hex, "only sha256")]
    [TestCase("reg.io/app@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase hex")]
    [TestCase("reg.io/app@" + Hex, "not a digest")]
    [TestCase("reg.io/app :1", "whitespace")]
    [TestCase("reg.io/app:1\n", "whitespace")]
    [TestCase("reg.io/app:1\t", "whitespace")]
    [TestCase("reg.io/app:1\0", "control")]
    [TestCase("régistry.io/app:1", "non-ASCII")]
    [TestCase("reg_io:5000/app:1", "invalid registry host")]
    [TestCase("reg.io:99999/app:1", "invalid registry host")]
    [TestCase("reg.io:/app:1", "invalid registry host")]
    [TestCase("-reg.io/app:1", "invalid registry host")]
    public void TryParse_InvalidReference_FailsWithReason(string text, string expectedError)
    {
        var ok = ImageReference.TryParse(text, out var reference, out var error);

        Assert.That(ok, Is.False);
        Assert.That(reference, Is.Null);
        Assert.That(error, Does.Contain(expectedError).IgnoreCase);
    }

    [Test]
    public void TryParse_TagOf129Characters_Fails()
    {
        var ok = ImageReference.TryParse("reg.io/app:" + new string('a', 129), out _, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain("invalid tag"));
    }

    [Test]
    public void TryParse_TagOf128Characters_Succeeds() =>
        Assert.That(ImageReference.TryParse("reg.io/app:" + new string('a', 128), out _, out _), Is.True);

    [Test]
    public void TryParse_NameLongerThan255_Fails()
    {
        var ok = ImageReference.TryParse("reg.io/" + new string('a', 250) + ":1", out _, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain("too long"));
    }

    [Test]
    public void Parse_Invalid_ThrowsFormatExceptionWithReason() =>
        Assert.That(() => ImageReference.Parse("nginx"), Throws.TypeOf<FormatException>().With.Message.Contains("registry host"));

    [Test]
    public void WithDigest_DropsTagAndPinsDigest()
    {
        var digest = Digest.Parse("sha256:" + Hex);

        var pinned = ImageReference.Parse("reg.io/app:1").WithDigest(digest);

        Assert.That(pinned.ToString(), Is.EqualTo("reg.io/app@sha256:" + Hex));
        Assert.That(pinned.Reference, Is.EqualTo(digest.Value));
    }

    [Test]
    public void Create_InvalidRepository_Throws() =>
        Assert.That(() => ImageReference.Create("reg.io", "UPPER", "1", null), Throws.ArgumentException);
}
