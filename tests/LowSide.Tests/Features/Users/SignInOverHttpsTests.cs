using System.Globalization;
using System.Net;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Users;

/// <summary>
/// The console's cookies when the daemon serves https: named with the __Host- prefix (Secure, path /, no Domain), so a
/// neighbouring host in the same domain cannot plant one in a user's browser, and a cookie under the plain name is not
/// a session.
/// </summary>
[NonParallelizable]
public sealed class SignInOverHttpsTests
{
    private ConsoleDaemon _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _daemon = await ConsoleDaemon.StartAsync(https: true);
        await _daemon.AddUserAsync("mallory", UserRoles.Requester);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task SignIn_OverHttps_SessionAndAntiforgeryCookiesAreHostPrefixedSecureHttpOnlyStrict()
    {
        using var browser = _daemon.Browser();

        using var form = await browser.GetAsync(new Uri("/signin", UriKind.Relative));
        using var signedIn = await ConsoleDaemon.SignInAsync(browser, "mallory", ConsoleDaemon.Password);

        Assert.That(_daemon.BaseAddress.Scheme, Is.EqualTo("https"));
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.Contains("tp-antiforgery=", StringComparison.Ordinal));
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.Contains("tp-session=", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, session })
        {
            Assert.That(cookie, Does.StartWith("__Host-").And.Contain("; secure").IgnoreCase.And.Contain("; path=/;").IgnoreCase
                .And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase.And.Not.Contain("domain=").IgnoreCase);
        }
    }

    // A host in the same domain sets NAME=<mallory's session>; Domain=<the domain>. Browsers refuse that attribute on a
    // __Host- cookie, so the victim's browser sends it under the plain name; one that matches the prefix case-sensitively
    // (older browsers did) also takes it under the prefix in other letters.
    // Hidden in another cookie's value (a=1 __Host-tp-session=...), it is a cookie named a to the browser, which then applies
    // no prefix rule; ASP.NET's lenient parser, stepping past the space, would read the session out of it.
    [TestCase("tp-session={0}", TestName = "Session_MalloryTossesHerSessionCookieUnderThePlainName_TheVictimIsNotSignedInAsMallory")]
    [TestCase("__HOST-tp-session={0}", TestName = "Session_MalloryTossesHerSessionCookieUnderThePrefixInCapitals_TheVictimIsNotSignedInAsMallory")]
    [TestCase("a=1 __Host-tp-session={0}", TestName = "Session_MalloryHidesHerSessionCookieInAnotherCookiesValue_TheVictimIsNotSignedInAsMallory")]
    [TestCase("a=1 __HOST-tp-session={0}", TestName = "Session_MalloryHidesHerSessionInCapitalsInAnotherCookiesValue_TheVictimIsNotSignedInAsMallory")]
    public async Task Session_MalloryTossesHerSessionCookie_TheVictimIsNotSignedInAsMallory(string tossed)
    {
        using var mallory = _daemon.Browser();
        using var signedIn = await ConsoleDaemon.SignInAsync(mallory, "mallory", ConsoleDaemon.Password);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.Contains("tp-session=", StringComparison.Ordinal));
        var value = session[(session.IndexOf('=', StringComparison.Ordinal) + 1)..session.IndexOf(';', StringComparison.Ordinal)];
        var own = await mallory.GetStringAsync(new Uri("/requests", UriKind.Relative));

        using var victim = _daemon.BrowserWithoutCookieJar();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/requests", UriKind.Relative));
        request.Headers.Add("Cookie", string.Format(CultureInfo.InvariantCulture, tossed, value));
        using var response = await victim.SendAsync(request);

        Assert.That(own, Does.Contain("My requests").And.Contain("mallory"), "mallory's own session works");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/signin"));
    }
}
