using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

/// <summary>
/// Http:Urls and Http:Certificate on the real `lowside serve` (the high side shares the code in
/// src/Hosting): plain HTTP only on loopback, https:// from PEM files.
/// </summary>
public sealed class DaemonTlsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private TempDirectory _root = null!;
    private string _data = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _root = new TempDirectory("lowside-tls");
        _data = _root.Combine("data");
        await ProductExecutable.LowSide().WithData(_data).SucceedAsync("init", "--site", "site-a", "--no-password");
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    [Test]
    public async Task Serve_PlainHttpOnANonLoopbackAddress_RefusedAtStartNamingTheCertificateSettings()
    {
        var environment = new Dictionary<string, string> { ["LOWSIDE__Http__Urls"] = $"http://0.0.0.0:{FreePort.Next()}" };
        await using var serve = ProductExecutable.LowSide(environment).WithData(_data).StartDaemon("serve");

        var exit = await serve.WaitForExitAsync(Patience);

        Assert.That(exit, Is.Not.Zero, serve.Output);
        Assert.That(serve.Output, Does.Contain("Http:Urls").And.Contain("plain HTTP on an address other than loopback")
            .And.Contain("Http:Certificate:Path"));
    }

    [Test]
    public async Task Serve_UrlsNameAHostThatInitsAllowedHostsDoesNotList_RefusedAtStartNamingAllowedHosts()
    {
        var config = await File.ReadAllTextAsync(Path.Combine(_data, "lowside.json"));
        var environment = new Dictionary<string, string> { ["LOWSIDE__Http__Urls"] = $"https://transfer.example.test:{FreePort.Next()}" };
        await using var serve = ProductExecutable.LowSide(environment).WithData(_data).StartDaemon("serve");

        var exit = await serve.WaitForExitAsync(Patience);

        Assert.That(config, Does.Contain("\"AllowedHosts\": \"localhost;127.0.0.1;[::1]\""), "written by init");
        Assert.That(exit, Is.Not.Zero, serve.Output);
        Assert.That(serve.Output, Does.Contain("names the host transfer.example.test, which AllowedHosts"));
    }

    [Test]
    public async Task Serve_AllowedHostsStarLettingARebindingPageIn_RefusedAtStartNamingAllowedHosts()
    {
        // The operator makes a host name error go away the quick way: every Host header is let in, including the name
        // of a web page that rebinds itself to this machine.
        var configFile = Path.Combine(_data, "lowside.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(configFile))!.AsObject();
        json["AllowedHosts"] = "*";
        await File.WriteAllTextAsync(configFile, json.ToJsonString());
        var environment = new Dictionary<string, string> { ["LOWSIDE__Http__Urls"] = $"http://127.0.0.1:{FreePort.Next()}" };
        await using var serve = ProductExecutable.LowSide(environment).WithData(_data).StartDaemon("serve");

        var exit = await serve.WaitForExitAsync(Patience);

        Assert.That(exit, Is.Not.Zero, serve.Output);
        Assert.That(serve.Output, Does.Contain("AllowedHosts").And.Contain("DNS rebinding"));
    }

    [Test]
    public async Task Serve_HttpsAndLoopbackHttp_TheSignInFormWorksOnTheLoopbackAddressWithPlainCookieNames()
    {
        var (certificate, key) = await SelfSignedCertificate.CreateAsync(_root.Path);
        var loopback = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["LOWSIDE__Http__Urls"] = $"https://127.0.0.1:{FreePort.Next()};http://127.0.0.1:{loopback}",
            ["LOWSIDE__Http__Certificate__Path"] = certificate,
            ["LOWSIDE__Http__Certificate__KeyPath"] = key,
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        await using var serve = ProductExecutable.LowSide(environment).WithData(_data).StartDaemon("serve");

        var response = await Eventually.GetAsync(async () =>
        {
            try
            {
                return await http.GetAsync(new Uri($"http://127.0.0.1:{loopback}/signin"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }, r => r is not null || serve.HasExited, Patience, "GET /signin over loopback http", () => serve.Output);

        using (response)
        {
            // A Secure anti-forgery cookie cannot be set over plain http (ASP.NET refuses with a 500), nor would it come back.
            Assert.That(response?.StatusCode, Is.EqualTo(HttpStatusCode.OK), serve.Output);
            var cookie = response!.Headers.GetValues("Set-Cookie").Single();
            Assert.That(cookie, Does.StartWith("tp-antiforgery=").And.Not.Contain("secure").IgnoreCase);
        }
    }

    [Test]
    public async Task Serve_HttpsWithoutCertificate_RefusedAtStart()
    {
        var environment = new Dictionary<string, string> { ["LOWSIDE__Http__Urls"] = $"https://127.0.0.1:{FreePort.Next()}" };
        await using var serve = ProductExecutable.LowSide(environment).WithData(_data).StartDaemon("serve");

        var exit = await serve.WaitForExitAsync(Patience);

        Assert.That(exit, Is.Not.Zero, serve.Output);
        Assert.That(serve.Output, Does.Contain("Http:Certificate:Path").And.Contain("required"));
    }

    [Test]
    public async Task Serve_HttpsWithPemCertificateAndKey_AnswersWithThatCertificate()
    {
        var (certificate, key) = await SelfSignedCertificate.CreateAsync(_root.Path);
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["LOWSIDE__Http__Urls"] = $"https://127.0.0.1:{port}",
            ["LOWSIDE__Http__Certificate__Path"] = certificate,
            ["LOWSIDE__Http__Certificate__KeyPath"] = key,
        };
        using var expected = X509Certificate2.CreateFromPemFile(certificate, key);
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented ??= cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                return cert?.Thumbprint == expected.Thumbprint;
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        await using var serve = ProductExecutable.LowSide(environment).WithData(_data).StartDaemon("serve");

        var status = await Eventually.GetAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/health"));
                return (HttpStatusCode?)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }, s => s is not null || serve.HasExited, Patience, "GET /health over https", () => serve.Output);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), serve.Output);
        Assert.That(presented?.Thumbprint, Is.EqualTo(expected.Thumbprint));
        presented?.Dispose();
    }
}
