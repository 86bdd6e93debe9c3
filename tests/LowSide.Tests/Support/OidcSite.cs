using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Users.Oidc;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>A low side whose daemon runs with Auth:Oidc set for a <see cref="TestIdentityProvider"/> of its own.</summary>
internal sealed class OidcSite : IAsyncDisposable
{
    private OidcSite(TestIdentityProvider provider, TestSite site, TestDaemon daemon)
    {
        Provider = provider;
        Site = site;
        Daemon = daemon;
    }

    public TestIdentityProvider Provider { get; }
    public TestSite Site { get; }
    public TestDaemon Daemon { get; }

    /// <summary>
    /// Keys from <paramref name="jwksUrl"/> (which the test serves; the daemon first fetches on the first call), or, when
    /// null, from a JwksFile in the data directory; <paramref name="allowed"/> sources as <see cref="TestSite.CreateAsync(string[])"/>.
    /// </summary>
    public static async Task<OidcSite> StartAsync(Uri? jwksUrl, params string[] allowed)
    {
        var provider = new TestIdentityProvider();
        var site = await TestSite.CreateAsync(allowed);
        const string keysFile = "idp-jwks.json";
        await File.WriteAllTextAsync(Path.Combine(site.Data.Root, keysFile), provider.Jwks());
        var settings = jwksUrl is null
            ? TestIdentityProvider.Settings(nameof(OidcOptions.JwksFile), keysFile)
            : TestIdentityProvider.Settings(nameof(OidcOptions.JwksUrl), jwksUrl.ToString());
        site.Configure(json =>
        {
            json["Batches"]!["MediaDirectory"] = site.Media;
            json["Auth"] = new JsonObject { ["Oidc"] = settings };
        });
        return new OidcSite(provider, site, await TestDaemon.StartAsync(site));
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        await Site.DisposeAsync();
        Provider.Dispose();
    }
}
