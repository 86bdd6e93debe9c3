using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Accounts;

/// <summary>
/// WebAuthn security keys on the real `highside serve`: the registration and assertion ceremonies over HTTP, answered
/// by a software authenticator as the browser's script would post them, and attacked with a foreign key, a replay,
/// another origin and a cloned key.
/// </summary>
public sealed class SecurityKeyTests : HighSideServeTests
{
    private const string RpId = "highside.test";
    private const string Origin = "https://highside.test:8490";

    [SetUp]
    public void SetUpSecurityKeys()
    {
        ServeEnvironment["HIGHSIDE__Auth__WebAuthn__ServerDomain"] = RpId;
        ServeEnvironment["HIGHSIDE__Auth__WebAuthn__Origins__0"] = Origin;
    }

    [Test]
    public async Task SignIn_PasswordAndRegisteredSecurityKey_SessionWorksAndIsAudited()
    {
        await HighSide.AddOfficerAsync("carol");
        await HighSide.AddOfficerAsync("dave");
        await using var serve = await StartServeAsync();
        using var carol = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "carol", "officer", "carol");
        using var key = new SoftwareAuthenticator();
        await RegisterAsync(carol, key);
        await SignOutAsync(carol);

        using var signedIn = await SecurityKeySignInAsync(carol, key);
        using var batches = await carol.Http.GetAsync(new Uri("batches", UriKind.Relative));

        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signedIn.Content.ReadAsStringAsync());
        Assert.That(batches.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(AuditMirror.Lines(HighSide, "account.security-key-added", "account:carol"), Has.Count.EqualTo(1));
        Assert.That(AuditMirror.Lines(HighSide, "signin.succeeded", "account:carol", "security-key"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignIn_AssertionSignedByAnUnregisteredKeyUnderTheRegisteredCredentialId_Refused()
    {
        await using var serve = await StartServeAsync();
        using var key = new SoftwareAuthenticator();
        using var carol = await SignedOutWithAKeyAsync(key);
        using var impostor = new SoftwareAuthenticator(key.CredentialId);

        using var response = await SecurityKeySignInAsync(carol, impostor);

        await AssertRefusedAsync(response, "carol");
    }

    [Test]
    public async Task SignIn_SameAssertionPostedTwice_SecondRefused()
    {
        await using var serve = await StartServeAsync();
        using var key = new SoftwareAuthenticator();
        using var carol = await SignedOutWithAKeyAsync(key);
        await PasswordAsync(carol);
        var assertion = new { response = key.Get(await AssertionOptionsAsync(carol), Origin) };
        // The eavesdropper has the whole request: the second-step cookie and the body.
        using var eavesdropper = CopyOf(carol);

        using var first = await carol.Http.PostAsJsonAsync("auth/security-key", assertion);
        using var replayed = await eavesdropper.PostAsJsonAsync("auth/security-key", assertion);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        await AssertRefusedAsync(replayed, "carol");
    }

    [Test]
    public async Task SignIn_AssertionMadeForAnotherOrigin_Refused()
    {
        await using var serve = await StartServeAsync();
        using var key = new SoftwareAuthenticator();
        using var carol = await SignedOutWithAKeyAsync(key);

        using var response = await SecurityKeySignInAsync(carol, key, "https://evil.example");

        await AssertRefusedAsync(response, "carol");
    }

    [Test]
    public async Task SignIn_ClonedKeyWhoseCounterIsBehindTheRegisteredOne_Refused()
    {
        await using var serve = await StartServeAsync();
        using var key = new SoftwareAuthenticator();
        using var carol = await SignedOutWithAKeyAsync(key);
        using var clone = key.Clone();
        for (var round = 1; round <= 2; round++)
        {
            using var genuine = await SecurityKeySignInAsync(carol, key);
            Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK), await genuine.Content.ReadAsStringAsync());
            await SignOutAsync(carol);
        }

        using var response = await SecurityKeySignInAsync(carol, clone);

        Assert.That(clone.SignCount, Is.LessThan(key.SignCount));
        await AssertRefusedAsync(response, "carol");
    }

    // An auditor who signed in with a TOTP code, registered the key and signed out.
    private async Task<HighSideAccount> SignedOutWithAKeyAsync(SoftwareAuthenticator key)
    {
        var carol = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "carol", "auditor");
        await RegisterAsync(carol, key);
        await SignOutAsync(carol);
        return carol;
    }

    private static async Task RegisterAsync(HighSideAccount account, SoftwareAuthenticator key)
    {
        using var options = await account.Http.PostAsJsonAsync("auth/account/security-keys/options", new { });
        Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.OK), await options.Content.ReadAsStringAsync());
        var created = key.Create(await options.Content.ReadFromJsonAsync<JsonElement>(), Origin);
        using var added = await account.Http.PostAsJsonAsync("auth/account/security-keys", created);
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK), await added.Content.ReadAsStringAsync());
    }

    private static async Task SignOutAsync(HighSideAccount account)
    {
        using var signedOut = await account.Http.PostAsJsonAsync("auth/signout", new { });
        Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    private static async Task PasswordAsync(HighSideAccount account)
    {
        using var password = await account.PasswordAsync(HighSideAccount.ChosenPassword);
        var body = await password.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(password.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("securityKey").GetBoolean(), Is.True, "the password step offers the security key");
    }

    private static async Task<JsonElement> AssertionOptionsAsync(HighSideAccount account)
    {
        using var options = await account.Http.PostAsJsonAsync("auth/security-key/options", new { });
        Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.OK), await options.Content.ReadAsStringAsync());
        return await options.Content.ReadFromJsonAsync<JsonElement>();
    }

    // The password, then the key's answer to fresh assertion options, as the sign-in page's script does it.
    private static async Task<HttpResponseMessage> SecurityKeySignInAsync(HighSideAccount account, SoftwareAuthenticator key, string origin = Origin)
    {
        await PasswordAsync(account);
        var response = key.Get(await AssertionOptionsAsync(account), origin);
        return await account.Http.PostAsJsonAsync("auth/security-key", new { response });
    }

    private static HttpClient CopyOf(HighSideAccount account)
    {
        var cookies = new CookieContainer();
        cookies.Add(account.Cookies.GetAllCookies());
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = account.Http.BaseAddress,
        };
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string account)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body.ToString());
        Assert.That(body.GetProperty("reason").GetString(), Is.EqualTo(AccountReasons.SecurityKeyInvalid));
        Assert.That(AuditMirror.Lines(HighSide, "signin.refused", "account:" + account, AccountReasons.SecurityKeyInvalid), Has.Count.EqualTo(1));
    }
}
