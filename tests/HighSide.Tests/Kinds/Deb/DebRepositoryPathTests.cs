using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Kinds.Deb;

namespace TransferPipeline.HighSide.Tests.Kinds.Deb;

public sealed class DebRepositoryPathTests
{
    [TestCase("http://deb.debian.org/debian", "deb.debian.org/debian")]
    [TestCase("https://security.debian.org/debian-security", "security.debian.org/debian-security")]
    [TestCase("http://Mirror.Example.ORG:8080/pub/debian/", "mirror.example.org_8080/pub/debian")]
    [TestCase("http://127.0.0.1:9/debian", "127.0.0.1_9/debian")]
    [TestCase("http://apt.example.org", "apt.example.org")]
    public void Of_RepositoryUrl_HostPortAndPathSegments(string url, string expected) =>
        Assert.That(DebRepositoryPath.Of(new Uri(url)), Is.EqualTo(expected));

    [TestCase("http://deb.example.org/de%20bian")]
    [TestCase("http://deb.example.org/de~bian")]
    [TestCase("http://deb.example.org/a/../../etc")]
    [TestCase("http://[::1]/debian")]
    [TestCase("http://deb.example.org/deb+ian")]
    public void Of_UrlWithoutPlainSegments_RefusedRepositoryPathUnsafe(string url)
    {
        var error = Assert.Throws<PublishException>(() => DebRepositoryPath.Of(new Uri(url)));
        Assert.That(error!.Code, Is.EqualTo(PublishReasons.RepositoryPathUnsafe));
    }
}
