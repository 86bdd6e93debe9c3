using System.Net;
using System.Net.Http.Json;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Accounts;

/// <summary>Sign-in, sessions and roles on the real `highside serve`, attacked as a person at the browser or a script would.</summary>
public sealed class AccountSignInDaemonTests : HighSideServeTests
{
    [Test]
    public async Task Api_NoCookie_Returns401AndAPageRequestIsSentToSignIn()
    {
        await using var serve = await StartServeAsync();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

        using var api = await anonymous.GetAsync(new Uri("batches", UriKind.Relative));
        using var page = new HttpRequestMessage(HttpMethod.Get, "batches");
        page.Headers.Accept.ParseAdd("text/html");
        using var browser = await anonymous.SendAsync(page);
        using var health = await anonymous.GetAsync(new Uri("health", UriKind.Relative));

        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(browser.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(browser.Headers.Location?.ToString(), Does.Contain("/signin"));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SignIn_WrongPassword_Refused401AndAudited()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "eve", "auditor");

        using var response = await eve.PasswordAsync("not-the-password-at-all");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ReasonAsync(response), Is.EqualTo(AccountReasons.SignInRefused));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:eve", AccountReasons.PasswordWrong), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignIn_RightPasswordWrongCode_Refused401AndAudited()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "eve", "auditor");
        using (var password = await eve.PasswordAsync(HighSideAccount.ChosenPassword))
        {
            Assert.That(password.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var response = await eve.CodeAsync(eve.WrongCode());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ReasonAsync(response), Is.EqualTo(AccountReasons.CodeWrong));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:eve", AccountReasons.CodeWrong), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignIn_CodeReplayed_RefusedCodeReplayedAndAudited()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "eve", "auditor");
        using (var password = await eve.PasswordAsync(HighSideAccount.ChosenPassword))
        {
            Assert.That(password.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var response = await eve.CodeAsync(eve.LastCode());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ReasonAsync(response), Is.EqualTo(AccountReasons.CodeReplayed));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:eve", AccountReasons.CodeReplayed), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignIn_SixthFailedAttempt_Returns429WithRetryAfterAndAuditsRateLimited()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "eve", "auditor");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await eve.PasswordAsync($"guess-number-{attempt}-wrong");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {attempt}");
        }

        using var sixth = await eve.PasswordAsync(HighSideAccount.InitialPassword);

        Assert.That(sixth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await ReasonAsync(sixth), Is.EqualTo(AccountReasons.RateLimited));
        Assert.That(sixth.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:eve", AccountReasons.RateLimited), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignIn_TwentyGuessesSentAtOnce_OnlyFiveCheckedTheRest429RateLimited()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "eve", "auditor");

        // A script's burst: every guess in flight before the first is answered, so none has been counted when the others arrive.
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => eve.PasswordAsync($"burst-guess-{i}-wrong")));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.That(statuses.Count(s => s == HttpStatusCode.Unauthorized), Is.EqualTo(5), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(15), string.Join(", ", statuses));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:eve", AccountReasons.PasswordWrong), Has.Count.EqualTo(5));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:eve", AccountReasons.RateLimited), Has.Count.EqualTo(15));
    }

    [Test]
    public async Task Session_AccountDisabledWhileSignedIn_NextRequestReturns401()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "eve", "auditor");
        using (var before = await eve.Http.GetAsync(new Uri("batches", UriKind.Relative)))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await HighSide.Cli.SucceedAsync("account", "disable", "eve");
        using var after = await eve.Http.GetAsync(new Uri("batches", UriKind.Relative));

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Decision_PostedByAnAuditor_Returns403()
    {
        var id = (await HighSide.ImportAsync(await Scenario.WriteSimpleVolumeAsync())).Id;
        var carol = await HighSide.AddOfficerAsync("carol");
        await HighSide.AddOfficerAsync("dave");
        await using var serve = await StartServeAsync();
        using var audrey = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "audrey", "auditor");

        using var response = await audrey.Http.PostAsJsonAsync($"batches/{id}/approvals", await HttpDecisions.SignAsync(audrey.Http, carol, id));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Decision_SignedInAsCarolButSignedWithDavesKey_RefusedSignerNotSignedInAndAudited()
    {
        var id = (await HighSide.ImportAsync(await Scenario.WriteSimpleVolumeAsync())).Id;
        var carol = await HighSide.AddOfficerAsync("carol");
        var dave = await HighSide.AddOfficerAsync("dave");
        await using var serve = await StartServeAsync();
        using var carolAccount = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "carol", "officer", "carol");

        using var forged = await carolAccount.Http.PostAsJsonAsync($"batches/{id}/approvals", await HttpDecisions.SignAsync(carolAccount.Http, dave, id));
        using var own = await carolAccount.Http.PostAsJsonAsync($"batches/{id}/approvals", await HttpDecisions.SignAsync(carolAccount.Http, carol, id));

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ReasonAsync(forged), Is.EqualTo(ApprovalReasons.SignerNotSignedIn));
        Assert.That(AuditMirror.Lines(HighSide, "approval.refused", "account:carol", ApprovalReasons.SignerNotSignedIn), Has.Count.EqualTo(1));
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), await own.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task RosterSignature_SignedInAsCarolButMadeWithDavesKey_RefusedSignerNotSignedIn()
    {
        var carol = await HighSide.AddOfficerAsync("carol");
        var dave = await HighSide.AddOfficerAsync("dave");
        await using var serve = await StartServeAsync();
        using var carolAccount = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "carol", "officer", "carol");
        var erinKey = Path.Combine(HighSide.Root, "erin");
        await HighSide.Cli.SucceedAsync("officer", "keygen", "--out", erinKey, "--no-password");
        var id = (await HighSide.Cli.SucceedAsync("officer", "add", "erin", "--key", erinKey + ".pub")).StandardOutput.Split(' ')[1];
        var document = Path.Combine(HighSide.Root, $"roster-{id}.json");
        await File.WriteAllTextAsync(document, (await HighSide.Cli.SucceedAsync("officer", "proposal", id)).StandardOutput);

        // dave signed the proposal on his machine; carol, signed in as herself, uploads his signature as a second officer's.
        using var forged = await PostRosterSignatureAsync(carolAccount, id, document, dave.SecretKeyFile);
        using var newcomer = await PostRosterSignatureAsync(carolAccount, id, document, erinKey + ".key");
        using var own = await PostRosterSignatureAsync(carolAccount, id, document, carol.SecretKeyFile);

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ReasonAsync(forged), Is.EqualTo(OfficerReasons.SignerNotSignedIn));
        Assert.That(newcomer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "erin, whom the proposal brings in, has no account yet");
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), await own.Content.ReadAsStringAsync());
        Assert.That(AuditMirror.Lines(HighSide, "roster.signed", id), Has.Count.EqualTo(2));
        Assert.That(AuditMirror.Lines(HighSide, "roster.signed", id, "\"carol\""), Has.Count.EqualTo(1));
        Assert.That(AuditMirror.Lines(HighSide, "roster.signed", id, "\"dave\""), Is.Empty);
    }

    [Test]
    public async Task Cookies_OverPlainLoopbackHttp_HttpOnlyAndSameSiteStrict()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "eve", "auditor");

        using var response = await eve.PasswordAsync(HighSideAccount.InitialPassword);

        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
        Assert.That(cookie, Does.Not.Contain("secure").IgnoreCase, "plain http on loopback: a Secure cookie would never come back");
    }

    [Test]
    public async Task Cookies_OverHttps_SecureHttpOnlySameSiteStrictHostPrefixed()
    {
        var (certificate, key) = await SelfSignedCertificate.CreateAsync(HighSide.Root);
        var port = FreePort.Next();
        var https = new Uri($"https://127.0.0.1:{port}/");
        ServeEnvironment["HIGHSIDE__Http__Urls"] = $"https://127.0.0.1:{port}";
        ServeEnvironment["HIGHSIDE__Http__Certificate__Path"] = certificate;
        ServeEnvironment["HIGHSIDE__Http__Certificate__KeyPath"] = key;
        await using var serve = ProductExecutable.HighSide(ServeEnvironment).WithData(HighSide.Data.Root).StartDaemon("serve");
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, https, "eve", "auditor");
        var response = await Eventually.GetAsync(async () =>
        {
            try
            {
                return await eve.PasswordAsync(HighSideAccount.InitialPassword);
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, r => r is not null || serve.HasExited, Patience, "POST /auth/password over https", () => serve.Output);

        using (response)
        {
            Assert.That(response?.StatusCode, Is.EqualTo(HttpStatusCode.OK), serve.Output);
            var cookie = response!.Headers.GetValues("Set-Cookie").Single();
            Assert.That(cookie, Does.StartWith("__Host-").And.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase
                .And.Contain("samesite=strict").IgnoreCase);
        }
    }

    [Test]
    public async Task IssueTotp_SecretHandedOverInPerson_FirstCodeConfirmsItOnceAndTheIssueIsAudited()
    {
        await using var serve = await StartServeAsync();
        using var ivan = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "ivan", "auditor");

        var issued = await HighSide.Cli.RunAsync(["account", "issue-totp", "ivan"], ProcessRunner.DefaultTimeout);
        var lines = issued.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await ivan.FirstSignInWithIssuedSecretAsync(lines[0]);
        var again = await HighSide.Cli.RunAsync(["account", "issue-totp", "ivan"], ProcessRunner.DefaultTimeout);

        Assert.That(issued.ExitCode, Is.Zero, issued.ToString());
        Assert.That(lines[1], Does.StartWith("otpauth://totp/").And.Contain("secret=" + lines[0]));
        Assert.That(again.ExitCode, Is.EqualTo(1), again.ToString());
        Assert.That(AuditMirror.Lines(HighSide, "account.totp-issued", "ivan"), Has.Count.EqualTo(1));
        Assert.That(AuditMirror.Lines(HighSide, "account.totp-enrolled", "ivan"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Enrolment_AccountIssuedAnAuthenticatorInPerson_ThePasswordHolderIsAskedForACodeAndNeverShownTheSecret()
    {
        await using var serve = await StartServeAsync();
        using var ivan = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "ivan", "auditor");
        var secret = (await HighSide.Cli.SucceedAsync("account", "issue-totp", "ivan")).StandardOutput.Split('\n')[0].Trim();

        // Someone who learned ivan's one-time password, not his token, signs in and asks for an authenticator to enrol.
        using var password = await ivan.PasswordAsync(HighSideAccount.InitialPassword);
        var next = (await password.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("next").GetString();
        using var enrolment = await ivan.Http.GetAsync(new Uri("auth/enrolment", UriKind.Relative));
        var enrolmentBody = await enrolment.Content.ReadAsStringAsync();
        using var page = new HttpRequestMessage(HttpMethod.Get, "account/enrol");
        page.Headers.Accept.ParseAdd("text/html");
        using var pageResponse = await ivan.Http.SendAsync(page);
        var html = await pageResponse.Content.ReadAsStringAsync();

        Assert.That(next, Is.EqualTo("code"));
        Assert.That(enrolment.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), enrolmentBody);
        Assert.That(await ReasonAsync(enrolment), Is.EqualTo(AccountReasons.TotpIssued));
        Assert.That(enrolmentBody, Does.Not.Contain(secret));
        Assert.That(pageResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Not.Contain(secret).And.Not.Contain("otpauth").And.Contain("name=\"Code\""));
        await ivan.FirstSignInWithIssuedSecretAsync(secret);
    }

    // Signs the proposal's document on the officer's machine (`highside sign`, no data directory) and posts the .minisig.
    private static async Task<HttpResponseMessage> PostRosterSignatureAsync(HighSideAccount account, string id, string document, string key)
    {
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", document, "--key", key);
        var signature = new ByteArrayContent(await File.ReadAllBytesAsync(document + ".minisig"));
        signature.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(OfficerEndpoints.SignatureContentType);
        return await account.Http.PostAsync(new Uri($"officers/proposals/{id}/signatures", UriKind.Relative), signature);
    }
}
