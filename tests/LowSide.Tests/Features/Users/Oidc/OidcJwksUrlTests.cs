using System.Net;
using System.Text;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Users.Oidc;

/// <summary>Auth:Oidc:JwksUrl: the daemon fetches the provider's keys from a real HTTP listener on 127.0.0.1.</summary>
[NonParallelizable]
public sealed class OidcJwksUrlTests
{
    private const string KeysPath = "realms/transfer/protocol/openid-connect/certs";
    private StaticFileServer _keys = null!;
    private OidcSite _oidc = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _keys = await StaticFileServer.StartAsync();
        _oidc = await OidcSite.StartAsync(new Uri(_keys.BaseUri, KeysPath));
        _keys.Write(KeysPath, Encoding.UTF8.GetBytes(_oidc.Provider.Jwks()));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_oidc is not null)
        {
            await _oidc.DisposeAsync();
        }

        if (_keys is not null)
        {
            await _keys.DisposeAsync();
        }
    }

    [Test]
    public async Task AnyCall_TokenSignedByAPublishedKey_Returns200()
    {
        using var olga = _oidc.Daemon.Client(_oidc.Provider.Token("olga", edit: token => token.Claims["roles"] = "transfer-operators"));

        using var response = await olga.GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AnyCall_ProviderRotatedItsKeys_NewKeyAcceptedOnceFetchedAgain()
    {
        using var rotated = new TestIdentityProvider();
        using var before = _oidc.Daemon.Client(_oidc.Provider.Token("olga", edit: token => token.Claims["roles"] = "transfer-operators"));
        using var warm = await before.GetAsync(new Uri("/api/batches", UriKind.Relative));
        _keys.Write(KeysPath, Encoding.UTF8.GetBytes(rotated.Jwks()));
        using var after = _oidc.Daemon.Client(rotated.Token("olga", edit: token => token.Claims["roles"] = "transfer-operators"));

        // The call naming an unknown key is refused and sets off a fetch in the background; the calls after it are answered.
        var status = await Eventually.GetAsync(async () =>
        {
            using var response = await after.GetAsync(new Uri("/api/batches", UriKind.Relative));
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the rotated key to be fetched");

        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first keys were fetched and used");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }
}
