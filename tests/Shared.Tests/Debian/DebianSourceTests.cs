using TransferPipeline.Shared.Debian;

namespace TransferPipeline.Shared.Tests.Debian;

public sealed class DebianSourceTests
{
    [TestCase("http://deb.debian.org/debian bookworm main", "http://deb.debian.org/debian", "bookworm", "main")]
    [TestCase("https://security.debian.org/debian-security/ bookworm-security main", "https://security.debian.org/debian-security",
        "bookworm-security", "main")]
    [TestCase("http://127.0.0.1:8080/repo stable/updates contrib", "http://127.0.0.1:8080/repo", "stable/updates", "contrib")]
    public void TryParse_SourcesListForm_ReadsItsParts(string text, string repository, string suite, string component)
    {
        Assert.That(DebianSource.TryParse(text, out var source), Is.True);
        Assert.That((source!.RepositoryText, source.Suite, source.Component), Is.EqualTo((repository, suite, component)));
        Assert.That(source.Resolve("dists/x/InRelease").ToString(), Is.EqualTo($"{repository}/dists/x/InRelease"));
    }

    [TestCase("http://deb.debian.org/debian bookworm")]
    [TestCase("http://deb.debian.org/debian  bookworm main")]
    [TestCase("ftp://deb.debian.org/debian bookworm main")]
    [TestCase("http://user:pw@deb.debian.org/debian bookworm main")]
    [TestCase("http://deb.debian.org/debian?x=1 bookworm main")]
    [TestCase("http://deb.debian.org/debian ../etc main")]
    [TestCase("http://deb.debian.org/debian bookworm/../x main")]
    [TestCase("http://deb.debian.org/debian bookworm main/x")]
    [TestCase("http://deb.debian.org/debian bookworm main\n")]
    [TestCase(null)]
    public void TryParse_AnythingElse_IsRefused(string? text) => Assert.That(DebianSource.TryParse(text, out _), Is.False);

    [TestCase("pool/main/h/hello/hello_1.0_all.deb", true)]
    [TestCase("pool/main/libx/libxml2/libxml2_2.9.14+dfsg-1.3~deb12u1_amd64.deb", true)]
    [TestCase("pool/../etc/passwd.deb", false)]
    [TestCase("pool/main/h/.hidden/x.deb", false)]
    [TestCase("/pool/main/h/hello/hello.deb", false)]
    [TestCase("pool/main/h/hello/hello.tar", false)]
    [TestCase("pool//h/hello.deb", false)]
    [TestCase("dists/main/h/hello/hello.deb", false)]
    public void IsPoolPath_AcceptsOnlySafePoolPaths(string path, bool expected) => Assert.That(DebianNames.IsPoolPath(path), Is.EqualTo(expected));

    [TestCase("nginx curl libc6", 3)]
    [TestCase("g++ libstdc++6", 2)]
    [TestCase("nginx  curl", -1)]
    [TestCase("nginx nginx", -1)]
    [TestCase("Nginx", -1)]
    [TestCase("a", -1)]
    [TestCase("", -1)]
    public void SplitRequested_CountsValidNames(string names, int expected) =>
        Assert.That(DebianNames.SplitRequested(names)?.Count ?? -1, Is.EqualTo(expected));
}
