using System.Net;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Users.Oidc;

/// <summary>Auth:Oidc is validated when the daemon starts: a setting that cannot work refuses the start and is named.</summary>
[NonParallelizable]
public sealed class OidcOptionsValidatorTests
{
    private TestSite _site = null!;
    private TestIdentityProvider _provider = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _provider = new TestIdentityProvider();
        _site = await TestSite.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(_site.Data.Root, "idp-jwks.json"), _provider.Jwks());
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _provider?.Dispose();
    }

    [TestCase("JwksUrl", "https://idp.test/certs", "JwksFile", "idp-jwks.json", "Auth:Oidc:JwksFile: is set together with Auth:Oidc:JwksUrl",
        TestName = "Start_JwksUrlAndJwksFileBothSet_RefusedNamingJwksFile")]
    [TestCase(null, null, null, null, "Auth:Oidc:JwksUrl: or Auth:Oidc:JwksFile is required",
        TestName = "Start_NeitherJwksUrlNorJwksFile_RefusedNamingBoth")]
    [TestCase("JwksUrl", "http://idp.test/certs", null, null, "Auth:Oidc:JwksUrl: 'http://idp.test/certs' is not an https URL",
        TestName = "Start_JwksUrlPlainHttpToANonLoopbackHost_RefusedNamingJwksUrl")]
    [TestCase("JwksFile", "missing.json", null, null, "Auth:Oidc:JwksFile: '",
        TestName = "Start_JwksFileMissing_RefusedNamingJwksFile")]
    [TestCase("JwksFile", "idp-jwks.json", "Audience", "", "Auth:Oidc:Audience: is required",
        TestName = "Start_NoAudience_RefusedNamingAudience")]
    [TestCase("JwksFile", "idp-jwks.json", "Issuer", "idp.test", "Auth:Oidc:Issuer: 'idp.test' is not an http(s) URL",
        TestName = "Start_IssuerNotAUrl_RefusedNamingIssuer")]
    public async Task Start_AuthOidcThatCannotWork_RefusedNamingTheSetting(string? key1, string? value1, string? key2, string? value2, string expected)
    {
        var oidc = TestIdentityProvider.Settings("JwksFile", "unused");
        oidc.Remove("JwksFile");
        Set(oidc, key1, value1);
        Set(oidc, key2, value2);
        _site.Configure(json => json["Auth"] = new JsonObject { ["Oidc"] = oidc });

        var refused = Assert.CatchAsync(async () => await (await TestDaemon.StartAsync(_site)).DisposeAsync());

        Assert.That(refused!.Message, Does.Contain(expected));
    }

    [Test]
    public async Task Start_RoleThatIsNotOurs_RefusedNamingTheRole()
    {
        var oidc = TestIdentityProvider.Settings("JwksFile", "idp-jwks.json");
        oidc["Roles"]!["admin"] = "transfer-admins";
        _site.Configure(json => json["Auth"] = new JsonObject { ["Oidc"] = oidc });

        var refused = Assert.CatchAsync(async () => await (await TestDaemon.StartAsync(_site)).DisposeAsync());

        Assert.That(refused!.Message, Does.Contain("Auth:Oidc:Roles:admin: 'admin' is not a role"));
    }

    [Test]
    public async Task Start_AuthOidcAbsent_StartsWithOidcOff()
    {
        _site.Configure(json => json.Remove("Auth"));
        await using var daemon = await TestDaemon.StartAsync(_site);
        using var client = daemon.Client(_provider.Token("olga", edit: token => token.Claims["roles"] = "transfer-operators"));

        using var response = await client.GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a provider's token means nothing with Auth:Oidc off");
    }

    private static void Set(JsonObject oidc, string? key, string? value)
    {
        if (key is not null)
        {
            oidc[key] = value;
        }
    }
}
