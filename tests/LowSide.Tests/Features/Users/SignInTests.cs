using System.Net;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Features.Users.Passwords;
using TransferPipeline.LowSide.Features.Users.SignIn;
using TransferPipeline.LowSide.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace TransferPipeline.LowSide.Tests.Features.Users;

/// <summary>The web console's sign-in over HTTP against a daemon host: the session cookie, and the API left to bearer tokens.</summary>
[NonParallelizable]
public sealed class SignInTests
{
    private ConsoleDaemon _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _daemon = await ConsoleDaemon.StartAsync();
        await _daemon.AddUserAsync("carol", UserRoles.Requester);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task SignIn_RightPassword_SetsAnHttpOnlyStrictSessionCookieAndOpensMyRequests()
    {
        using var browser = _daemon.Browser();

        using var response = await ConsoleDaemon.SignInAsync(browser, "carol", ConsoleDaemon.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/requests"));
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tp-session=", StringComparison.Ordinal));
        Assert.That(session, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
        var page = await browser.GetStringAsync(new Uri("/requests", UriKind.Relative));
        Assert.That(page, Does.Contain("My requests").And.Contain("carol"));
    }

    [Test]
    public async Task SignIn_WrongPassword_ShowsTheErrorAndSetsNoSession()
    {
        using var browser = _daemon.Browser();

        using var response = await ConsoleDaemon.SignInAsync(browser, "carol", "not the password at all");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("The name or the password is wrong."));
        Assert.That(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], Has.None.StartsWith("tp-session="));
    }

    [TestCase("/requests")]
    [TestCase("/requests/new")]
    [TestCase("/batches")]
    public async Task Page_NoSession_RedirectsToSignIn(string path)
    {
        using var browser = _daemon.Browser();

        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.ToString(), Does.StartWith("http").Or.StartWith("/").And.Contain("/signin?ReturnUrl="));
    }

    [TestCase("GET", "/api/requests")]
    [TestCase("POST", "/api/batches/cut")]
    public async Task Api_NoCredentialsEvenWithASession_Returns401NotARedirect(string method, string path)
    {
        using var anonymous = _daemon.Browser();
        using var signedIn = _daemon.Browser();
        (await ConsoleDaemon.SignInAsync(signedIn, "carol", ConsoleDaemon.Password)).Dispose();

        foreach (var client in new[] { anonymous, signedIn })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.Location, Is.Null);
        }
    }

    [Test]
    public async Task Session_UserDisabled_StopsWorkingOnTheNextRequest()
    {
        await _daemon.AddUserAsync("leaver", UserRoles.Requester);
        using var browser = _daemon.Browser();
        (await ConsoleDaemon.SignInAsync(browser, "leaver", ConsoleDaemon.Password)).Dispose();
        using (var before = await browser.GetAsync(new Uri("/requests", UriKind.Relative)))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await _daemon.App.Services.GetRequiredService<UserService>().DisableAsync("leaver", "test", CancellationToken.None);
        using var after = await browser.GetAsync(new Uri("/requests", UriKind.Relative));

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.Headers.Location?.ToString(), Does.Contain("/signin"));
    }

    [Test]
    public async Task Session_StolenCookieReplayedAfterThePasswordWasReset_StopsWorkingOnTheNextRequest()
    {
        await _daemon.AddUserAsync("victim", UserRoles.Requester);
        using var browser = _daemon.Browser();
        string cookie;
        using (var signIn = await ConsoleDaemon.SignInAsync(browser, "victim", ConsoleDaemon.Password))
        {
            cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleSession.CookieName + "=", StringComparison.Ordinal))
                .Split(';')[0];
        }

        // The thief replays the session cookie from a client of his own.
        using var thief = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _daemon.BaseAddress };
        using (var before = await RequestsPageAsync(thief, cookie))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the stolen cookie works until the password is reset");
        }

        // The operator resets the password (`lowside user password victim`) once the theft is known.
        var reset = await _daemon.App.Services.GetRequiredService<UserPasswordService>()
            .SetAsync("victim", "a-brand-new-password-42".ToCharArray(), "operator", CancellationToken.None);
        Assert.That(reset.IsOk, Is.True, reset.Error?.Message);
        using var after = await RequestsPageAsync(thief, cookie);

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.Headers.Location?.ToString(), Does.Contain("/signin"));
    }

    private static async Task<HttpResponseMessage> RequestsPageAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/requests");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Form_PostedWithoutTheAntiforgeryToken_Returns400()
    {
        using var browser = _daemon.Browser();
        (await ConsoleDaemon.SignInAsync(browser, "carol", ConsoleDaemon.Password)).Dispose();

        using var response = await browser.PostAsync(new Uri("/requests/new", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Kind"] = "file",
            ["Form.Source"] = "https://downloads.example.org/tools/a.bin",
            ["Form.Justification"] = "needed",
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
