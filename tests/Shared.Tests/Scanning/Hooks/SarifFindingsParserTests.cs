using System.Text;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Shared.Tests.Scanning.Hooks;

/// <summary>
/// SARIF as Trivy and Grype write it becomes findings with GitHub's severity convention; output that is malformed, too big,
/// or talks about anything but the scanned artifact is refused whole.
/// </summary>
[TestFixture]
internal sealed class SarifFindingsParserTests : HookFixture
{
    [Test]
    public async Task Parse_TrivyImageReport_FindingPerResultWithSecuritySeverity()
    {
        var findings = await FixtureFindingsAsync("trivy-image.sarif.json", ScannerOutputFormat.Sarif);

        const string Python = "usr/local/lib/python3.11/site-packages/requests-2.25.0.dist-info/METADATA";
        Assert.That(
            findings.Select(f => (f.Id, f.Severity, f.Subject)),
            Is.EqualTo(new[]
            {
                ($"hook:site-scanner:CVE-2024-0727@{HookScenario.ArtifactName}", ScanSeverity.Medium, HookScenario.ArtifactName),
                ($"hook:site-scanner:CVE-2023-5678@{HookScenario.ArtifactName}", ScanSeverity.Low, HookScenario.ArtifactName),
                ($"hook:site-scanner:CVE-2023-32681@{Python}", ScanSeverity.Critical, Python),
                ($"hook:site-scanner:CVE-2024-6119@{HookScenario.ArtifactName}", ScanSeverity.High, HookScenario.ArtifactName),
            }));
        var first = findings[0];
        Assert.That(first.Kind, Is.EqualTo(ScanFindingKind.Vulnerability));
        Assert.That(first.Scanner, Is.EqualTo("hook:site-scanner"));
        Assert.That(first.DataVersion, Is.EqualTo("0.50.1"));
        Assert.That(first.Title, Does.StartWith("Package: libssl3 Installed Version: 3.0.11-1~deb12u2 Vulnerability CVE-2024-0727"));
    }

    [Test]
    public async Task Parse_GrypeDirectoryReport_AbsolutePathsBecomeRelativeAndLevelFillsMissingScore()
    {
        var findings = await FixtureFindingsAsync("grype-dir.sarif.json", ScannerOutputFormat.Sarif);

        Assert.That(
            findings.Select(f => (f.Id, f.Severity, f.DataVersion)),
            Is.EqualTo(new[]
            {
                ("hook:site-scanner:GHSA-9wx4-h78v-vm56-requests@app/requirements.txt", ScanSeverity.Medium, "0.79.3"),
                ("hook:site-scanner:GHSA-j8r2-6x86-q33q-requests@app/requirements.txt", ScanSeverity.High, "0.79.3"),
            }));
    }

    [TestCase("\"level\": \"error\"", "", ScanSeverity.High)]
    [TestCase("\"level\": \"warning\"", "", ScanSeverity.Medium)]
    [TestCase("\"level\": \"note\"", "", ScanSeverity.Low)]
    [TestCase("\"level\": \"none\"", "", ScanSeverity.Unknown)]
    [TestCase("\"level\": \"none\"", "\"defaultConfiguration\": { \"level\": \"error\" }", ScanSeverity.Unknown)]
    [TestCase("\"foo\": 1", "\"defaultConfiguration\": { \"level\": \"error\" }", ScanSeverity.High)]
    [TestCase("\"foo\": 1", "", ScanSeverity.Medium)]
    [TestCase("\"level\": \"note\", \"properties\": { \"security-severity\": \"9.0\" }", "", ScanSeverity.Critical)]
    [TestCase("\"level\": \"note\", \"properties\": { \"security-severity\": 7.0 }", "", ScanSeverity.High)]
    [TestCase("\"level\": \"error\"", "\"properties\": { \"security-severity\": \"4.0\" }", ScanSeverity.Medium)]
    [TestCase("\"level\": \"error\"", "\"properties\": { \"security-severity\": \"0.1\" }", ScanSeverity.Low)]
    [TestCase("\"level\": \"error\"", "\"properties\": { \"security-severity\": \"0.0\" }", ScanSeverity.High)]
    [TestCase("\"level\": \"error\"", "\"properties\": { \"security-severity\": \"high\" }", ScanSeverity.High)]
    [TestCase("\"level\": \"note\", \"properties\": { \"security-severity\": \"3.9\" }", "\"properties\": { \"security-severity\": \"9.8\" }",
        ScanSeverity.Low)]
    public async Task Parse_Severity_FromSecuritySeverityElseLevel(string resultFields, string ruleFields, ScanSeverity expected)
    {
        var result = await RunAsync(Log(Result("R1", "app/x", resultFields), ruleFields));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings.Single().Severity, Is.EqualTo(expected));
    }

    [TestCase("\"kind\": \"pass\"", 0)]
    [TestCase("\"kind\": \"notApplicable\"", 0)]
    [TestCase("\"kind\": \"fail\"", 1)]
    [TestCase("\"kind\": \"informational\"", 1)]
    public async Task Parse_ResultKind_PassAndNotApplicableAreNoFindings(string fields, int findings)
    {
        var result = await RunAsync(Log(Result("R1", "app/x", fields)));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings, Has.Count.EqualTo(findings));
    }

    [Test]
    public async Task Parse_SameRuleAndLocationTwice_OneFindingAtTheHigherSeverity()
    {
        var result = await RunAsync(Log(
            Result("CVE-1", "app/x", "\"level\": \"note\"") + "," + Result("CVE-1", "app/./x", "\"level\": \"error\"")));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings.Single().Severity, Is.EqualTo(ScanSeverity.High));
    }

    [TestCase("/etc/passwd")]
    [TestCase("../other-artifact/layer.tar")]
    [TestCase("app/../../other")]
    [TestCase("%2e%2e/other")]
    [TestCase("..\\\\other")]
    [TestCase("file:///etc/passwd")]
    [TestCase("file://fileserver/share/app")]
    [TestCase("https://example.com/app")]
    [TestCase("C:/Windows/system.ini")]
    [TestCase("@ARTIFACT@-other/blobs")]
    [TestCase("@ARTIFACT@/../other")]
    public async Task Parse_LocationOutsideArtifact_OutputRefused(string uri)
    {
        var result = await RunAsync(Log(Result("CVE-1", "app/x", "") + "," + Result("CVE-2", uri, "")));

        AssertFailed(result, ScannerFailure.OutputOutsideArtifact, "output claims other artifacts");
    }

    [TestCase("file://@ARTIFACT@/", "usr/lib/x", true)]
    [TestCase("file:///", "etc/passwd", false)]
    [TestCase("file:///tmp/", "x", false)]
    [TestCase("file://@ARTIFACT@/", "../x", false)]
    public async Task Parse_UriBaseId_ResolvedBeforeTheCheck(string baseUri, string uri, bool accepted)
    {
        var location = $$"""{ "physicalLocation": { "artifactLocation": { "uri": "{{uri}}", "uriBaseId": "ROOTPATH" } } }""";
        var document = Log($$"""{ "ruleId": "CVE-1", "message": { "text": "m" }, "locations": [{{location}}] }""")
            .Replace("\"results\"", $$"""  "originalUriBaseIds": { "ROOTPATH": { "uri": "{{baseUri}}" } }, "results" """, StringComparison.Ordinal);

        var result = await RunAsync(document);

        Assert.That(result.Succeeded, Is.EqualTo(accepted), result.Message);
    }

    [TestCase("{")]
    [TestCase("[]")]
    [TestCase("null")]
    [TestCase("{ \"version\": \"2.1.0\" }")]
    [TestCase("{ \"version\": \"2.0.0\", \"runs\": [] }")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": {} }")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [] } ] }")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"t\" } }, \"results\": {} } ] }")]
    [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"t\" } }, \"results\": [ 1 ] } ] }")]
    [TestCase("{ \"version\": \"2.1.0\", \"version\": \"2.1.0\", \"runs\": [] }")]
    public async Task Parse_NotASarifLog_OutputRefused(string document)
    {
        var result = await RunAsync(document);

        AssertFailed(result, ScannerFailure.OutputMalformed, "output refused");
    }

    [TestCase("\"level\": \"fatal\"")]
    [TestCase("\"ruleId\": 7")]
    [TestCase("\"message\": \"text\"")]
    [TestCase("\"locations\": {}")]
    [TestCase("\"ruleIndex\": 5")]
    public async Task Parse_ResultOfTheWrongShape_OutputRefused(string fields)
    {
        var result = await RunAsync(Log(Result("CVE-1", "app/x", fields)));

        AssertFailed(result, ScannerFailure.OutputMalformed, "output refused");
    }

    [Test]
    public async Task Parse_MoreThanTenThousandResults_OutputRefused()
    {
        var results = string.Join(",", Enumerable.Range(0, 10_001).Select(i => Result($"CVE-{i}", "app/x", "")));

        var result = await RunAsync(Log(results));

        AssertFailed(result, ScannerFailure.OutputMalformed, "more than 10000 findings");
    }

    [Test]
    public async Task Parse_TenThousandResults_Accepted()
    {
        var results = string.Join(",", Enumerable.Range(0, 10_000).Select(i => Result($"CVE-{i}", "app/x", "")));

        var result = await RunAsync(Log(results));

        Assert.That(result.Findings, Has.Count.EqualTo(10_000), result.Message);
    }

    [Test]
    public async Task Parse_HugeStrings_CappedAndIdsStayDistinct()
    {
        var rule = new string('R', 3000);
        var message = new StringBuilder().Insert(0, "word\\u0007 ", 2000).ToString();
        var result = await RunAsync(Log(
            Result(rule + "A", "app/" + new string('p', 2000), $"\"message\": {{ \"text\": \"{message}\" }}") + "," + Result(rule + "B", "app/x", "")));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings.Select(f => f.Id).Distinct().Count(), Is.EqualTo(2));
        Assert.That(result.Findings.Select(f => f.Id.Length), Is.All.LessThanOrEqualTo(512));
        Assert.That(result.Findings.Select(f => f.Subject.Length), Is.All.LessThanOrEqualTo(512));
        Assert.That(result.Findings[0].Title.Length, Is.LessThanOrEqualTo(1000));
        Assert.That(result.Findings[0].Title, Does.Not.Contain('\u0007'));
    }

    private Task<ScannerRunResult> RunAsync(string document) => RunDocumentAsync(document, ScannerOutputFormat.Sarif);

    /// <summary>A result; <paramref name="fields"/> adds fields or replaces the default ruleId, message or locations.</summary>
    private static string Result(string ruleId, string uri, string fields)
    {
        var parts = new List<string>();
        AddUnlessGiven(parts, fields, "ruleId", $"\"{ruleId}\"");
        AddUnlessGiven(parts, fields, "message", $$"""{ "text": "found {{ruleId}}" }""");
        AddUnlessGiven(parts, fields, "locations", $$"""[ { "physicalLocation": { "artifactLocation": { "uri": "{{uri}}" } } } ]""");
        if (fields.Length > 0)
        {
            parts.Add(fields);
        }

        return $"{{ {string.Join(", ", parts)} }}";
    }

    private static void AddUnlessGiven(List<string> parts, string fields, string name, string value)
    {
        if (!fields.Contains($"\"{name}\"", StringComparison.Ordinal))
        {
            parts.Add($"\"{name}\": {value}");
        }
    }

    private static string Log(string results, string ruleFields = "")
    {
        var rule = ruleFields.Length > 0 ? $$"""{ "id": "R1", {{ruleFields}} }""" : "";
        return $$"""
            { "version": "2.1.0", "runs": [ {
              "tool": { "driver": { "name": "scanner", "version": "1.0", "rules": [ {{rule}} ] } },
              "results": [ {{results}} ] } ] }
            """;
    }
}
