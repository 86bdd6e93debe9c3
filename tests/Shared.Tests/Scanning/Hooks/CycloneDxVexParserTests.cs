using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Shared.Tests.Scanning.Hooks;

/// <summary>
/// CycloneDX vulnerabilities as Grype and Trivy write them: one finding per affected component, analysed-away ones dropped,
/// and a reference to anything but this artifact's components refuses the whole output.
/// </summary>
[TestFixture]
internal sealed class CycloneDxVexParserTests : HookFixture
{
    [Test]
    public async Task Parse_GrypeImageReport_FindingPerAffectedComponentWithCvssSeverity()
    {
        var findings = await FixtureFindingsAsync("grype-image.cdx.json", ScannerOutputFormat.CycloneDxVex);

        const string Libssl = "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";
        Assert.That(
            findings.Select(f => (f.Id, f.Severity, f.Subject, f.Package, f.InstalledVersion)),
            Is.EqualTo(new[]
            {
                ($"hook:site-scanner:CVE-2024-0727@{Libssl}", ScanSeverity.Medium, Libssl, "libssl3", "3.0.11-1~deb12u2"),
                ("hook:site-scanner:CVE-2023-45853@zlib1g@1:1.2.13.dfsg-1", ScanSeverity.Critical, "zlib1g@1:1.2.13.dfsg-1", "zlib1g",
                    "1:1.2.13.dfsg-1"),
            }));
        Assert.That(findings.Select(f => f.DataVersion), Is.All.EqualTo("0.86.1"));
        Assert.That(findings[1].Title, Does.StartWith("MiniZip in zlib through 1.3"));
    }

    [Test]
    public async Task Parse_TrivyVex_AnalysedAwayVulnerabilitiesDropped()
    {
        var findings = await FixtureFindingsAsync("trivy-vex.cdx.json", ScannerOutputFormat.CycloneDxVex);

        const string Openssl = "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.5";
        Assert.That(
            findings.Select(f => (f.Id, f.Severity, f.Title)),
            Is.EqualTo(new[]
            {
                ($"hook:site-scanner:CVE-2024-6119@{Openssl}", ScanSeverity.High,
                    "Issue summary: Applications performing certificate name checks may attempt to read an invalid memory address."),
                ($"hook:site-scanner:CVE-2024-2511@{Openssl}", ScanSeverity.Low, "Unbounded memory growth with session handling in TLSv1.3"),
            }));
        Assert.That(findings.Select(f => f.DataVersion), Is.All.EqualTo("0.59.1"));
    }

    [TestCase("not_affected", 0)]
    [TestCase("false_positive", 0)]
    [TestCase("resolved", 0)]
    [TestCase("resolved_with_pedigree", 0)]
    [TestCase("exploitable", 1)]
    [TestCase("in_triage", 1)]
    public async Task Parse_AnalysisState_OnlyDismissingStatesDropTheFinding(string state, int findings)
    {
        var result = await RunAsync(Bom(Vulnerability("CVE-1", "pkg:npm/left-pad@1.0.0", $$""", "analysis": { "state": "{{state}}" }""")));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings, Has.Count.EqualTo(findings));
    }

    [TestCase("""[ { "severity": "critical" } ]""", ScanSeverity.Critical)]
    [TestCase("""[ { "severity": "low" }, { "severity": "high" } ]""", ScanSeverity.High)]
    [TestCase("""[ { "severity": "info" } ]""", ScanSeverity.Low)]
    [TestCase("""[ { "severity": "unknown" } ]""", ScanSeverity.Unknown)]
    [TestCase("""[ { "score": 7.1, "method": "CVSSv4" } ]""", ScanSeverity.High)]
    [TestCase("""[ { "score": 0.97, "method": "other" } ]""", ScanSeverity.Unknown)]
    [TestCase("""[]""", ScanSeverity.Unknown)]
    public async Task Parse_Ratings_HighestWins(string ratings, ScanSeverity expected)
    {
        var result = await RunAsync(Bom(Vulnerability("CVE-1", "pkg:npm/left-pad@1.0.0", $", \"ratings\": {ratings}")));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings.Single().Severity, Is.EqualTo(expected));
    }

    [Test]
    public async Task Parse_AffectsThisArtifactByName_FindingAboutTheArtifact()
    {
        var result = await RunAsync(Bom(Vulnerability("CVE-1", "@NAME@", "")));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings.Single().Subject, Is.EqualTo(HookScenario.ArtifactName));
    }

    [TestCase("registry.example/other:2.0")]
    [TestCase("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:npm/left-pad@1.0.0")]
    [TestCase("/etc/passwd")]
    [TestCase("../other-artifact")]
    [TestCase("file:///etc/passwd")]
    [TestCase("@ARTIFACT@/../other")]
    public async Task Parse_AffectsAnotherArtifact_OutputRefused(string reference)
    {
        var bom = Bom(Vulnerability("CVE-1", "pkg:npm/left-pad@1.0.0", "") + "," + Vulnerability("CVE-2", reference, ""));

        var result = await RunAsync(bom);

        AssertFailed(result, ScannerFailure.OutputOutsideArtifact, "output claims other artifacts");
    }

    [Test]
    public async Task Parse_DeclaredComponentNamedAsAHostPath_OutputRefused()
    {
        var bom = Bom(Vulnerability("CVE-1", "c1", ""))
            .Replace("\"vulnerabilities\"", """ "components": [ { "bom-ref": "c1", "type": "file", "name": "/etc/shadow" } ], "vulnerabilities" """,
                StringComparison.Ordinal);

        var result = await RunAsync(bom);

        AssertFailed(result, ScannerFailure.OutputOutsideArtifact, "/etc/shadow");
    }

    [TestCase("""{ "bomFormat": "SPDX", "specVersion": "1.5" }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.3", "vulnerabilities": [] }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": {} }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [ { "affects": [] } ] }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [ { "id": "CVE-1", "affects": [ {} ] } ] }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [ { "id": "CVE-1", "ratings": [ { "severity": "dire" } ] } ] }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": { "tools": "trivy" } }""")]
    [TestCase("""{ "bomFormat": "CycloneDX", "specVersion": "1.5", "components": [ "x" ] }""")]
    [TestCase("""[ "CycloneDX" ]""")]
    public async Task Parse_NotACycloneDxDocument_OutputRefused(string document)
    {
        var result = await RunAsync(document);

        AssertFailed(result, ScannerFailure.OutputMalformed, "output refused");
    }

    [Test]
    public async Task Parse_NoVulnerabilities_Clean()
    {
        var result = await RunAsync("""{ "bomFormat": "CycloneDX", "specVersion": "1.4", "metadata": { "tools": [ { "name": "t", "version": "1" } ] } }""");

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings, Is.Empty);
    }

    private Task<ScannerRunResult> RunAsync(string document) => RunDocumentAsync(document, ScannerOutputFormat.CycloneDxVex);

    private static string Vulnerability(string id, string reference, string fields) =>
        $$"""{ "id": "{{id}}", "affects": [ { "ref": "{{reference}}" } ]{{fields}} }""";

    private static string Bom(string vulnerabilities) =>
        $$"""{ "bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [ {{vulnerabilities}} ] }""";
}
