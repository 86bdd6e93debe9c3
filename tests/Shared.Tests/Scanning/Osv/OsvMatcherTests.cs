using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Osv;

namespace TransferPipeline.Shared.Tests.Scanning.Osv;

public sealed class OsvMatcherTests
{
    private const string DataVersion = "osv-2099-01-10";

    private OsvFixture _fixture = null!;
    private OsvMatcher _matcher = null!;

    [OneTimeSetUp]
    public void LoadFixture()
    {
        _fixture = new OsvFixture();
        _matcher = new OsvMatcher(OsvDatabase.Load(_fixture.Path));
    }

    [OneTimeTearDown]
    public void RemoveFixture() => _fixture.Dispose();

    // For every ecosystem, a version on each side of the boundary; "" expects no finding.
    [TestCase("Debian", "openssl", "3.0.11-1~deb12u2", "debian-12", "DEBIAN-CVE-2099-0001", "3.0.13-1~deb12u1", ScanSeverity.High)]
    [TestCase("Debian", "openssl", "3.0.13-1~deb12u1", "debian-12", "", null, ScanSeverity.Unknown)]
    [TestCase("Alpine", "busybox", "1.36.1-r15", "alpine-3.19", "ALPINE-CVE-2099-0301", "1.36.1-r16", ScanSeverity.Critical)]
    [TestCase("Alpine", "busybox", "1.36.1-r16", "alpine-3.19", "", null, ScanSeverity.Unknown)]
    [TestCase("npm", "example-utils", "4.17.20", null, "GHSA-test-0001-left", "4.17.21", ScanSeverity.High)]
    [TestCase("npm", "example-utils", "4.17.21", null, "", null, ScanSeverity.Unknown)]
    [TestCase("PyPI", "example-web", "4.2.7", null, "PYSEC-2099-1", "4.2.8", ScanSeverity.Critical)]
    [TestCase("PyPI", "example-web", "4.2.8", null, "", null, ScanSeverity.Unknown)]
    [TestCase("NuGet", "Example.Json", "13.0.1", null, "GHSA-test-0003-json", null, ScanSeverity.Medium)]
    [TestCase("NuGet", "Example.Json", "13.0.2", null, "", null, ScanSeverity.Unknown)]
    public void Match_EachEcosystem_BoundaryDecides(
        string ecosystem,
        string name,
        string version,
        string? distro,
        string expectedRecord,
        string? expectedFixed,
        ScanSeverity expectedSeverity)
    {
        var findings = Match(new PackageCoordinate(ecosystem, name, version, Purl(ecosystem, name, version), Distro: distro));

        if (expectedRecord.Length == 0)
        {
            Assert.That(findings, Is.Empty);
            return;
        }

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Id, Does.StartWith(expectedRecord + "@"));
        Assert.That(findings[0].FixedVersion, Is.EqualTo(expectedFixed));
        Assert.That(findings[0].Severity, Is.EqualTo(expectedSeverity));
    }

    // Several introduced/fixed pairs in one range, versions[], last_affected, limit, PyPI names in any spelling.
    [TestCase("PyPI", "Example.Web", "5.0rc1", "PYSEC-2099-1", "5.0.1")]
    [TestCase("PyPI", "example_web", "4.9", "", null)]
    [TestCase("PyPI", "example-web", "4.1", "", null)]
    [TestCase("PyPI", "example-listed", "1.1", "PYSEC-2099-2", null)]
    [TestCase("PyPI", "example-listed", "1.1.0", "PYSEC-2099-2", null)]
    [TestCase("PyPI", "example-listed", "1.2", "", null)]
    [TestCase("NuGet", "example.json", "12.0.3", "GHSA-test-0003-json", null)]
    [TestCase("NuGet", "Example.Json", "10.0.0", "", null)]
    [TestCase("Alpine", "musl", "1.2.3-r0", "ALPINE-CVE-2099-0302", null)]
    [TestCase("Alpine", "musl", "1.2.4-r0", "", null)]
    [TestCase("Alpine", "musl", "1.1.24-r10", "", null)]
    public void Match_RangeShapes_FollowTheOsvAlgorithm(
        string ecosystem,
        string name,
        string version,
        string expectedRecord,
        string? fixedVersion)
    {
        var findings = Match(new PackageCoordinate(ecosystem, name, version, Purl(ecosystem, name, version)));

        Assert.That(findings.Select(f => f.Id.Split('@')[0]), expectedRecord.Length == 0 ? Is.Empty : Is.EqualTo(new[] { expectedRecord }));
        Assert.That(findings.Select(f => f.FixedVersion), expectedRecord.Length == 0 ? Is.Empty : Is.EqualTo(new[] { fixedVersion }));
    }

    [Test]
    public void Match_DebianBinaryPackage_MatchesOnItsSourceAndReportsAsInstalled()
    {
        const string purl = "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";
        var package = new PackageCoordinate("Debian", "libssl3", "3.0.11-1~deb12u2", purl, "openssl", "3.0.11-1~deb12u2", "debian-12");

        var finding = Match(package).Single();

        Assert.That(finding, Is.EqualTo(new ScanFinding(
            "DEBIAN-CVE-2099-0001@pkg:deb/debian/libssl3@3.0.11-1~deb12u2",
            ScanFindingKind.Vulnerability,
            "osv",
            ScanSeverity.High,
            purl,
            "CVE-2099-0001",
            DataVersion,
            "libssl3",
            "3.0.11-1~deb12u2",
            "3.0.13-1~deb12u1")));
    }

    [TestCase("debian-11", 0)]
    [TestCase("debian-12", 1)]
    [TestCase(null, 1)]
    public void Match_RecordForDebian12_OnlyMatchesThatReleaseOrAnUnknownOne(string? distro, int expected)
    {
        const string version = "1.1.1n-0+deb11u5";
        var purl = $"pkg:deb/debian/libssl1.1@{version}";
        var package = new PackageCoordinate("Debian", "libssl1.1", version, purl, "openssl", Distro: distro);

        Assert.That(Match(package), Has.Count.EqualTo(expected));
    }

    [TestCase("alpine-3.19.1", 1)]
    [TestCase("alpine-3.18", 0)]
    [TestCase("alpine-3.190", 0)]
    public void Match_RecordForAlpine319_MatchesPointReleasesOfIt(string distro, int expected)
    {
        const string version = "1.36.1-r15";
        var purl = $"pkg:apk/alpine/busybox-binsh@{version}";
        var package = new PackageCoordinate("Alpine", "busybox-binsh", version, purl, "busybox", Distro: distro);

        Assert.That(Match(package), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Match_RecordAffectingTwoReleasesOfAnUnknownDistro_IsOneFindingAtTheHigherSeverity()
    {
        var package = new PackageCoordinate("Debian", "curl", "7.74.0-1.3+deb11u11", "pkg:deb/debian/curl@7.74.0-1.3+deb11u11");

        var finding = Match(package, package).Single();

        Assert.That(finding.Id, Is.EqualTo("DEBIAN-CVE-2099-0002@pkg:deb/debian/curl@7.74.0-1.3+deb11u11"));
        Assert.That(finding.Severity, Is.EqualTo(ScanSeverity.Low));
        Assert.That(finding.FixedVersion, Is.EqualTo("7.74.0-1.3+deb11u12"));
    }

    [Test]
    public void Match_VersionTheOrderingCannotRead_IsReportedAsAffected()
    {
        var finding = Match(new PackageCoordinate("npm", "example-utils", "latest", "pkg:npm/example-utils@latest")).Single();

        Assert.That(finding.Id, Is.EqualTo("GHSA-test-0001-left@pkg:npm/example-utils@latest"));
        Assert.That(finding.Severity, Is.EqualTo(ScanSeverity.High));
        Assert.That(finding.Title, Does.StartWith("Prototype pollution in example-utils").And.Contains("could not be compared"));
    }

    [Test]
    public void Match_WithdrawnRecord_IsIgnored()
    {
        var findings = Match(new PackageCoordinate("npm", "example-utils", "5.0.0", "pkg:npm/example-utils@5.0.0"));

        Assert.That(findings, Is.Empty, "only the withdrawn record covers 5.0.0");
    }

    [Test]
    public void Match_UnknownEcosystemOrPackage_FindsNothing() =>
        Assert.That(
            Match(
                new PackageCoordinate("Go", "example-utils", "1.0.0", "pkg:golang/example-utils@1.0.0"),
                new PackageCoordinate("npm", "other", "1.0.0", "pkg:npm/other@1.0.0")),
            Is.Empty);

    [Test]
    public void Match_ManyPackages_OrderedById()
    {
        var findings = Match(
            new PackageCoordinate("PyPI", "example-web", "4.2.1", "pkg:pypi/example-web@4.2.1"),
            new PackageCoordinate("npm", "example-utils", "1.0.0", "pkg:npm/example-utils@1.0.0"),
            new PackageCoordinate("Alpine", "busybox", "1.36.0-r0", "pkg:apk/alpine/busybox@1.36.0-r0"));

        Assert.That(findings.Select(f => f.Id), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(findings, Has.Count.EqualTo(3));
        Assert.That(findings.Select(f => f.DataVersion), Is.All.EqualTo(DataVersion));
        Assert.That(findings.Select(f => f.Scanner), Is.All.EqualTo(OsvMatcher.ScannerName));
    }

    [Test]
    public void Match_SameIdTwice_NewerModifiedWins()
    {
        using var fixture = new OsvFixture();
        File.WriteAllText(fixture.Combine("records", "newer.json"), """
            {"id": "GHSA-test-0003-json", "modified": "2099-03-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "NuGet", "name": "Example.Json"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "9.0.0"}]}]}]}
            """);
        var matcher = new OsvMatcher(OsvDatabase.Load(fixture.Path));

        var package = new PackageCoordinate("NuGet", "Example.Json", "12.0.3", "pkg:nuget/Example.Json@12.0.3");

        var findings = matcher.Match([package], DataVersion);

        Assert.That(findings, Is.Empty);
    }

    private static string Purl(string ecosystem, string name, string version) =>
        $"pkg:{ecosystem.ToLowerInvariant()}/{name}@{version}";

    private IReadOnlyList<ScanFinding> Match(params PackageCoordinate[] packages) => _matcher.Match(packages, DataVersion);
}
