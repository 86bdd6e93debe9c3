using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

public sealed class PackageUrlTests
{
    [TestCase("pkg:npm/%40angular/animation@12.3.1", "npm", "@angular", "animation", "12.3.1")]
    [TestCase("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie", "deb", "debian", "curl", "7.50.3-1")]
    [TestCase("pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64", "deb", "debian", "bash", "5.2.15-2+b8")]
    [TestCase("pkg:deb/debian/ntp@1:4.2.8p15?arch=amd64", "deb", "debian", "ntp", "1:4.2.8p15")]
    [TestCase("pkg:pypi/django@1.11.1", "pypi", null, "django", "1.11.1")]
    [TestCase("pkg:nuget/EnterpriseLibrary.Common@6.0.1304", "nuget", null, "EnterpriseLibrary.Common", "6.0.1304")]
    [TestCase("pkg:golang/google.golang.org/genproto#googleapis/api/annotations", "golang", "google.golang.org", "genproto", null)]
    public void Parse_ValidPurl_GivesComponentsAndCanonicalRoundTrip(string text, string type, string? ns, string name, string? version)
    {
        var purl = PackageUrl.Parse(text);

        Assert.That((purl.Type, purl.Namespace, purl.Name, purl.Version), Is.EqualTo((type, ns, name, version)));
        Assert.That(purl.ToString(), Is.EqualTo(text));
    }

    [TestCase("PKG:NPM/foo@1.0?Arch=x&b=", "pkg:npm/foo@1.0?arch=x")]
    [TestCase("pkg:npm/foo@1.0?z=1&a=2", "pkg:npm/foo@1.0?a=2&z=1")]
    [TestCase("pkg:npm/%66oo@1%2E0", "pkg:npm/foo@1.0")]
    [TestCase("pkg:generic/name%20with%20space@1", "pkg:generic/name%20with%20space@1")]
    public void Parse_NonCanonicalPurl_PrintsCanonical(string text, string canonical) =>
        Assert.That(PackageUrl.Parse(text).ToString(), Is.EqualTo(canonical));

    [TestCase("npm:foo@1.0")]
    [TestCase("pkg:foo")]
    [TestCase("pkg:/foo@1")]
    [TestCase("pkg:1npm/foo@1")]
    [TestCase("pkg:npm/@1.0")]
    [TestCase("pkg:npm/foo%zz@1")]
    [TestCase("pkg:npm/foo%ff@1")]
    [TestCase("pkg:npm/foo%0a@1")]
    [TestCase("pkg:npm/foo@1?a=1&a=2")]
    [TestCase("pkg:npm/foo@1?=1")]
    public void Parse_MalformedPurl_Refuses(string text)
    {
        var error = Assert.Throws<SbomException>(() => PackageUrl.Parse(text));

        Assert.That(error.Reason, Is.EqualTo(SbomError.InvalidPackageUrl));
    }

    [Test]
    public void Parse_LongerThanTheLimit_Refuses() =>
        Assert.That(() => PackageUrl.Parse("pkg:npm/" + new string('a', PackageUrl.MaxLength)), Throws.TypeOf<SbomException>());

    [Test]
    public void Create_NonAsciiAndReservedCharacters_ArePercentEncoded() =>
        Assert.That(
            PackageUrl.Create("generic", null, "café/é", "1.0+b#1", ("note", "a&b=c")).ToString(),
            Is.EqualTo("pkg:generic/caf%C3%A9%2F%C3%A9@1.0%2Bb%231?note=a%26b%3Dc"));
}
