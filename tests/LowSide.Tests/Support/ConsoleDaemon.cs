using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Features.Users.Passwords;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>
/// A daemon host (Kestrel on a free loopback port) for web console tests, with local users who have
/// passwords, and clients that sign in through the /signin form as a browser does (cookies, anti-forgery token).
/// </summary>
internal sealed partial class ConsoleDaemon : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private ConsoleDaemon(TestSite site, WebApplication app)
    {
        Site = site;
        App = app;
    }

    private string? _certificateThumbprint;

    public TestSite Site { get; }

    public WebApplication App { get; }

    public Uri BaseAddress => new(App.Urls.Single());

    /// <param name="https">Serve https (Http:Urls and Http:Certificate, a self-signed certificate for 127.0.0.1) instead of plain http.</param>
    public static async Task<ConsoleDaemon> StartAsync(bool https = false)
    {
        var site = await TestSite.CreateAsync();
        string? thumbprint = null;
        if (https)
        {
            var (certificate, key) = await SelfSignedCertificate.CreateAsync(site.Root);
            using (var loaded = X509Certificate2.CreateFromPemFile(certificate, key))
            {
                thumbprint = loaded.Thumbprint;
            }

            site.Configure(json => json["Http"] = new JsonObject
            {
                ["Urls"] = "https://127.0.0.1:0",
                ["Certificate"] = new JsonObject { ["Path"] = certificate, ["KeyPath"] = key },
            });
        }

        var app = TransferDaemon.Build(site.Data, https ? null : "http://127.0.0.1:0");
        await app.Services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        return new ConsoleDaemon(site, app) { _certificateThumbprint = thumbprint };
    }

    /// <summary>A local user with <paramref name="role"/> and <see cref="Password"/>.</summary>
    public async Task AddUserAsync(string name, string role)
    {
        await App.Services.GetRequiredService<UserService>().AddAsync(name, role, "test", CancellationToken.None);
        var set = await App.Services.GetRequiredService<UserPasswordService>().SetAsync(name, Password.ToCharArray(), "test", CancellationToken.None);
        Assert.That(set.IsOk, Is.True, set.Error?.Message);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so that tests see them.</summary>
    public HttpClient Browser() => Client(new CookieContainer());

    /// <summary>A client that sends only the cookies a test puts in its requests' Cookie header.</summary>
    public HttpClient BrowserWithoutCookieJar() => Client(null);

    private HttpClient Client(CookieContainer? cookies) =>
        new(new HttpClientHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = cookies is not null,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _certificateThumbprint,
        })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>GET /signin for the anti-forgery token, then POSTs the form; returns the response to the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password)
    {
        var token = await FormTokenAsync(browser, "/signin");
        return await browser.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Name"] = name,
            ["Password"] = password,
        }));
    }

    /// <summary>The anti-forgery token in the form of the page at <paramref name="path"/>.</summary>
    public static async Task<string> FormTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        return FormToken().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new AssertionException($"no form token in {path}");
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
        await Site.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
