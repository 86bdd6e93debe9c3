using System.Text;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

/// <summary>Each package file parser on its own, on the fixtures and on hand-made edge cases.</summary>
public sealed class PackageFileParserTests
{
    private static readonly OsRelease Debian12 = new("debian", "12", "Debian GNU/Linux 12 (bookworm)");

    private readonly List<string> _warnings = [];

    [SetUp]
    public void ClearWarnings() => _warnings.Clear();

    [TestCase("base-files", "pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64&distro=debian-12", "base-files", null)]
    [TestCase("bash", "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12", "bash", "5.2.15-2")]
    [TestCase("libc6", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12", "glibc", null)]
    [TestCase("tzdata", "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u2?arch=all&distro=debian-12", "tzdata", null)]
    public void DpkgStatus_Fixture_GivesPurlAndSource(string name, string purl, string sourceName, string? sourceVersion)
    {
        var packages = Parse(new DpkgStatusParser(), "var/lib/dpkg/status", Fixture("dpkg-status"), Debian12);

        var package = packages.Single(p => p.Name == name);
        Assert.That((package.Ecosystem, package.Purl, package.SourceName, package.SourceVersion, package.Distro),
            Is.EqualTo(("Debian", purl, sourceName, sourceVersion, "debian-12")));
    }

    [Test]
    public void DpkgStatus_Fixture_LeavesOutPackagesNotInstalled()
    {
        var packages = Parse(new DpkgStatusParser(), "var/lib/dpkg/status", Fixture("dpkg-status"), Debian12);

        Assert.That(packages.Select(p => p.Name), Is.EqualTo(new[] { "base-files", "bash", "libc6", "libssl3", "tzdata" }));
    }

    [TestCase("hold ok installed", true)]
    [TestCase("install ok half-configured", false)]
    [TestCase("purge ok not-installed", false)]
    [TestCase("install reinstreq installed", false)]
    public void DpkgStatus_StatusField_DecidesInstalled(string status, bool listed)
    {
        var text = $"Package: curl\nStatus: {status}\nVersion: 7.88.1-10\nArchitecture: amd64\n";

        var packages = Parse(new DpkgStatusParser(), "var/lib/dpkg/status", Encoding.UTF8.GetBytes(text), Debian12);

        Assert.That(packages, Has.Count.EqualTo(listed ? 1 : 0));
    }

    [Test]
    public void DpkgStatus_UbuntuImage_UsesUbuntuNamespaceAndEcosystem()
    {
        var text = "Package: libssl3\nStatus: install ok installed\nVersion: 3.0.2-0ubuntu1.15\nArchitecture: amd64\nSource: openssl\n";

        var ubuntu = new OsRelease("ubuntu", "22.04", null);
        var package = Parse(new DpkgStatusParser(), "var/lib/dpkg/status", Encoding.UTF8.GetBytes(text), ubuntu).Single();

        Assert.That(
            (package.Ecosystem, package.Purl),
            Is.EqualTo(("Ubuntu", "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04")));
    }

    [Test]
    public void ApkInstalled_WithoutOsRelease_HasNoDistro()
    {
        var package = Parse(new ApkInstalledParser(), "lib/apk/db/installed", Fixture("apk-installed"), null)[2];

        Assert.That(package, Is.EqualTo(
            new PackageCoordinate("Alpine", "libcrypto3", "3.1.4-r2", "pkg:apk/alpine/libcrypto3@3.1.4-r2?arch=x86_64", "openssl")));
    }

    [Test]
    public void NpmLock_LinksWorkspacesAndNonRegistryVersions_AreLeftOut()
    {
        const string Lock = """
            {"lockfileVersion":3,"packages":{
              "":{"name":"root"},
              "packages/ws":{"name":"ws-local","version":"0.0.1"},
              "node_modules/ws-local":{"resolved":"packages/ws","link":true},
              "node_modules/a/node_modules/@scope/b":{"version":"2.1.0"},
              "node_modules/alias":{"name":"real-name","version":"3.0.0"},
              "node_modules/gitdep":{"version":"git+ssh://git@example.invalid/x.git#abc"}}}
            """;

        var packages = Parse(new NpmLockParser(), "app/package-lock.json", Encoding.UTF8.GetBytes(Lock), null);

        Assert.That(packages.Select(p => p.Purl), Is.EqualTo(new[] { "pkg:npm/%40scope/b@2.1.0", "pkg:npm/real-name@3.0.0" }));
        Assert.That(packages[0].Name, Is.EqualTo("@scope/b"));
    }

    [TestCase("{\"lockfileVersion\":3,\"packages\":{")]
    [TestCase("[1,2,3]")]
    [TestCase("{\"packages\":{\"node_modules/a\":{\"version\":5}}}")]
    public void NpmLock_Malformed_SkippedWithWarning(string content)
    {
        var packages = Parse(new NpmLockParser(), "app/package-lock.json", Encoding.UTF8.GetBytes(content), null);

        Assert.That(packages, Is.Empty);
        Assert.That(_warnings, Has.One.Contains("'app/package-lock.json' was skipped"));
    }

    [Test]
    public void DepsJson_OnlyPackageLibraries_AreListed()
    {
        const string Deps = """
            {"libraries":{"App/1.0.0":{"type":"project"},"System.Text.Json/8.0.4":{"type":"package"},
             "Microsoft.NETCore.App/8.0.0":{"type":"reference"},"Broken":{"type":"package"}}}
            """;

        var packages = Parse(new DepsJsonParser(), "app/App.deps.json", Encoding.UTF8.GetBytes(Deps), null);

        Assert.That(packages, Is.EqualTo(new[]
        {
            new PackageCoordinate("NuGet", "System.Text.Json", "8.0.4", "pkg:nuget/System.Text.Json@8.0.4"),
        }));
    }

    [TestCase("requests==2.31.0", "pkg:pypi/requests@2.31.0")]
    [TestCase("Flask_SQLAlchemy == 3.1.1  # pinned", "pkg:pypi/flask-sqlalchemy@3.1.1")]
    [TestCase("uvicorn[standard]==0.27.0 ; python_version >= \"3.8\"", "pkg:pypi/uvicorn@0.27.0")]
    [TestCase("cryptography==42.0.5 \\\n    --hash=sha256:abc", "pkg:pypi/cryptography@42.0.5")]
    [TestCase("zope.interface==6.1", "pkg:pypi/zope-interface@6.1")]
    [TestCase("django>=4.2", null)]
    [TestCase("numpy~=1.26", null)]
    [TestCase("pkg @ https://example.invalid/pkg-1.0.tar.gz", null)]
    [TestCase("-r other.txt", null)]
    [TestCase("# requests==2.31.0", null)]
    public void RequirementsTxt_Line_OnlyExactPinsListed(string line, string? purl)
    {
        var packages = Parse(new RequirementsTxtParser(), "requirements.txt", Encoding.UTF8.GetBytes(line + "\n"), null);

        Assert.That(packages.Select(p => p.Purl), purl is null ? Is.Empty : Is.EqualTo(new[] { purl }));
    }

    [TestCase("srv/requirements.txt", true)]
    [TestCase("srv/requirements-dev.txt", true)]
    [TestCase("srv/dev-requirements.txt", false)]
    [TestCase("var/lib/dpkg/status.d/libc6", true)]
    [TestCase("var/lib/dpkg/status.d/libc6.md5sums", false)]
    [TestCase("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", true)]
    [TestCase("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", false)]
    [TestCase("app/node_modules/.package-lock.json", false)]
    [TestCase("app/bin/App.deps.json", true)]
    public void Rules_Path_KeptOrNot(string path, bool kept) => Assert.That(PackageFileRules.CapFor(path).HasValue, Is.EqualTo(kept));

    [Test]
    public void PythonMetadata_Headers_GiveNormalisedName()
    {
        var text = "Metadata-Version: 2.1\nName: Ruamel.YAML\nVersion: 0.18.5\nSummary: a: b\n\nName: Not-This\n";

        var path = "x/ruamel.yaml-0.18.5.dist-info/METADATA";
        var package = Parse(new PythonMetadataParser(), path, Encoding.UTF8.GetBytes(text), null).Single();

        Assert.That((package.Name, package.Purl), Is.EqualTo(("ruamel-yaml", "pkg:pypi/ruamel-yaml@0.18.5")));
    }

    private List<PackageCoordinate> Parse(IPackageFileParser parser, string path, byte[] content, OsRelease? os) =>
        [.. parser.Parse(content, new PackageFileContext(path, os, _warnings.Add))];

    private static byte[] Fixture(string name) => File.ReadAllBytes(UmociImage.FixturePath(name));
}
