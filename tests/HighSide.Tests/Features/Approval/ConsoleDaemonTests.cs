using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>
/// The officers' console rendered by a real `highside serve` host (Kestrel on a free port, the real clock: TOTP codes are
/// of the real time) over real imported batches. People sign in with accounts made by `highside account add`, a password and
/// a TOTP code; decisions are signed with stock minisign, as an officer does on their machine.
/// </summary>
public sealed partial class ConsoleDaemonTests : HighSideScenarioTests
{
    private WebApplication _app = null!;
    private Uri _baseAddress = null!;
    private string _batchId = null!;

    protected override bool UsesRealClock => true;

    [SetUp]
    public async Task StartAsync()
    {
        await HighSide.AddOfficerAsync("carol", "local:bob");
        await HighSide.AddOfficerAsync("dave");
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 20_000, seed: 7);
        _batchId = (await HighSide.ImportAsync((await Scenario.WriteAsync([file])).VolumeDirectories[0])).Id;
        _app = TransferDaemon.Build(HighSide.Data, "http://127.0.0.1:0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StartAsync(timeout.Token);
        _baseAddress = new Uri(_app.Urls.Single() + "/");
    }

    [TearDown]
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Console_AuditorReadsEveryPage_QueueReviewPacketAuditAndRosterWithoutScripts()
    {
        using var auditor = await SignedInAsync("ann", "auditor");

        var queue = await PageAsync(auditor, "/console/batches");
        var review = await PageAsync(auditor, $"/console/batches/{_batchId}");
        var audit = await PageAsync(auditor, "/console/audit");
        var officers = await PageAsync(auditor, "/console/officers");

        Assert.That(queue, Does.Contain($"href=\"/console/batches/{_batchId}\"").And.Contain("awaiting-approval"));
        Assert.That(queue, Does.Contain("href=\"/console/audit\"").And.Contain("href=\"/console/officers\""), "the navigation");
        Assert.That(review, Does.Contain("tool.bin").And.Contain("local:bob").And.Contain("first import").And.Contain("0 of 2 approvals"));
        Assert.That(review, Does.Contain($"file {Path.Combine(HighSide.FilesMirror, "tool.bin")} sha256:"), "the publish plan");
        Assert.That(audit, Does.Contain("Verified just now").And.Contain("volume.imported"));
        Assert.That(officers, Does.Contain("carol").And.Contain("dave").And.Contain("local:bob").And.Contain("active"));
        Assert.That(new[] { queue, review, audit, officers }, Has.None.Contain("<script"), "no JavaScript");
    }

    [Test]
    public async Task Console_NobodySignedIn_IsChallengedAndAnAuditorCannotDecide()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _baseAddress };
        using var auditor = await SignedInAsync("ann", "auditor");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/batches");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await anonymous.SendAsync(request);
        using var api = await anonymous.GetAsync(new Uri($"/batches/{_batchId}/statement", UriKind.Relative));
        using var decide = await auditor.Http.GetAsync(new Uri($"/console/batches/{_batchId}/decide?decision=approve", UriKind.Relative));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location?.ToString(), Does.Contain("/signin"));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(decide.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Console_OfficerApproves_DownloadsTheApiStatementSignsWithMinisignAndSeesOneOfTwo()
    {
        using var dave = await SignedInAsync("dave", "officer");
        var form = await PageAsync(dave, $"/console/batches/{_batchId}/decide?decision=approve");
        var statement = await dave.Http.GetByteArrayAsync(new Uri(DownloadLink(form), UriKind.Relative));
        var api = await dave.Http.GetByteArrayAsync(new Uri($"/batches/{_batchId}/statement", UriKind.Relative));
        var signature = await SignAsync(HighSide.Officers.Single(o => o.Name == "dave"), statement, "approve");
        // Entries added while the officer signs do not change the statement the page submits.
        await HighSide.Get<AuditTrail>().RecordAsync("test", "test.meanwhile", _batchId, null, CancellationToken.None);

        var outcome = await SubmitAsync(dave, form, signature);

        Assert.That(statement, Is.EqualTo(api), "the same bytes as GET /batches/{id}/statement");
        Assert.That(outcome, Does.Contain("recorded").And.Contain("1 of 2 approvals").And.Not.Contain("Refused"));
    }

    [Test]
    public async Task Console_OfficerWhoRequestedAnArtifact_SeesTheRefusalReasonOnThePage()
    {
        using var carol = await SignedInAsync("carol", "officer");
        var form = await PageAsync(carol, $"/console/batches/{_batchId}/decide?decision=approve");
        var statement = await carol.Http.GetByteArrayAsync(new Uri(DownloadLink(form), UriKind.Relative));
        var signature = await SignAsync(HighSide.Officers.Single(o => o.Name == "carol"), statement, "approve");

        var outcome = await SubmitAsync(carol, form, signature);

        Assert.That(outcome, Does.Contain("Refused <code>officer-is-requester</code>"));
        Assert.That(await PageAsync(carol, $"/console/batches/{_batchId}"), Does.Contain("0 of 2 approvals"));
    }

    [Test]
    public async Task Console_SignedInAsCarolSubmittingDavesSignature_SeesSignerNotSignedIn()
    {
        using var carol = await SignedInAsync("carol", "officer");
        var form = await PageAsync(carol, $"/console/batches/{_batchId}/decide?decision=approve");
        var statement = await carol.Http.GetByteArrayAsync(new Uri(DownloadLink(form), UriKind.Relative));
        var signature = await SignAsync(HighSide.Officers.Single(o => o.Name == "dave"), statement, "approve");

        var outcome = await SubmitAsync(carol, form, signature);

        Assert.That(outcome, Does.Contain("Refused <code>decision-signer-not-signed-in</code>"));
        Assert.That(await PageAsync(carol, $"/console/batches/{_batchId}"), Does.Contain("0 of 2 approvals"));
    }

    [Test]
    public async Task Console_OfficerRejectsWithReason_SignedRejectionStatementEndsTheBatch()
    {
        using var dave = await SignedInAsync("dave", "officer");
        var form = await PageAsync(dave, $"/console/batches/{_batchId}/decide?decision=reject&reason=" + Uri.EscapeDataString("unknown vendor"));
        var statement = await dave.Http.GetByteArrayAsync(new Uri(DownloadLink(form), UriKind.Relative));
        var signature = await SignAsync(HighSide.Officers.Single(o => o.Name == "dave"), statement, "reject");

        var outcome = await SubmitAsync(dave, form, signature);

        Assert.That(System.Text.Encoding.UTF8.GetString(statement), Does.EndWith("decision: reject\nreason: unknown vendor\n"));
        Assert.That(outcome, Does.Contain("reject by dave").And.Contain("rejected"));
        Assert.That(await PageAsync(dave, $"/console/batches/{_batchId}"), Does.Contain("reject: unknown vendor").And.Not.Contain("Approve…"));
    }

    /// <summary>An account made with the CLI, signed in for the first time with its password and a TOTP code (officers as themselves).</summary>
    private Task<HighSideAccount> SignedInAsync(string name, string role) =>
        HighSideAccount.SignedInAsync(HighSide.Cli, _baseAddress, name, role, role == "officer" ? name : null);

    private static async Task<string> PageAsync(HighSideAccount account, string path)
    {
        using var response = await account.Http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        return html;
    }

    private static string DownloadLink(string form) => WebUtility.HtmlDecode(Download().Match(form).Groups[1].Value);

    private async Task<string> SignAsync(OfficerKey officer, byte[] statement, string decision)
    {
        var file = Path.Combine(Scenario.Root, $"{_batchId}-{decision}-{officer.Name}.txt");
        await File.WriteAllBytesAsync(file, statement);
        var signed = await ProcessRunner.RunAsync("minisign", ["-S", "-s", officer.SecretKeyFile, "-m", file,
            "-t", $"transferpipeline-approval batch:{_batchId} decision:{decision}"], standardInput: "");
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);
        return file + ".minisig";
    }

    private async Task<string> SubmitAsync(HighSideAccount account, string form, string signatureFile)
    {
        using var content = new MultipartFormDataContent();
        // The decision form's fields only: the layout's sign-out form carries a token of its own.
        foreach (Match hidden in Hidden().Matches(form[form.IndexOf("multipart/form-data", StringComparison.Ordinal)..]))
        {
            content.Add(new StringContent(WebUtility.HtmlDecode(hidden.Groups[2].Value)), hidden.Groups[1].Value);
        }

        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(signatureFile)), "signatureFile", Path.GetFileName(signatureFile));
        using var response = await account.Http.PostAsync(new Uri($"/console/batches/{_batchId}/decide", UriKind.Relative), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        return html;
    }

    [GeneratedRegex("href=\"(/console/batches/[^\"]*handler=Statement[^\"]*)\"")]
    private static partial Regex Download();

    [GeneratedRegex("<input (?:type=\"hidden\" )?name=\"([^\"]+)\" (?:type=\"hidden\" )?value=\"([^\"]*)\"")]
    private static partial Regex Hidden();
}
