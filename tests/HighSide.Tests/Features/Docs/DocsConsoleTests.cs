using System.Net;
using System.Net.Sockets;
using System.Text;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Docs;

/// <summary>
/// Issue #19 item 6: the high side's console serves the docs, rendered from Markdown, to signed-in people (the real `highside serve`
/// on a free port, real sign-in). Docs:Directory points at a directory with a document that tries scripts, and a secret
/// beside the directory that no name, however encoded, reaches.
/// </summary>
public sealed class DocsConsoleTests : HighSideServeTests
{
    private const string SecretMarker = "SECRET-BESIDE-THE-DOCS";
    private TempDirectory _site = null!;
    private DaemonProcess _serve = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _site = new TempDirectory("docs-site");
        var docs = _site.Combine("docs");
        Directory.CreateDirectory(Path.Combine(docs, "adrs"));
        await File.WriteAllTextAsync(Path.Combine(docs, "guide.md"), """
            # Operator's guide

            Read [the decision](adrs/0001-why.md#context), [the web](https://example.org/) and [nothing](javascript:alert(1)).

            <script>alert("raw html")</script>

            | column | other |
            |--------|-------|
            | cell   | value |
            """);
        await File.WriteAllTextAsync(Path.Combine(docs, "adrs", "0001-why.md"), "# Why\n\nBack to [the guide](../guide.md).\n");
        await File.WriteAllTextAsync(_site.Combine("secret.md"), SecretMarker);
        await File.WriteAllTextAsync(_site.Combine("appsettings.json"), SecretMarker);
        ServeEnvironment["HIGHSIDE__Docs__Directory"] = docs;
        _serve = await StartServeAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _serve.DisposeAsync();
        _site.Dispose();
    }

    [Test]
    public async Task Docs_SignedInAuditor_FindsThemInTheNavigationAndReadsThemRenderedWithoutScripts()
    {
        using var auditor = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "ann", "auditor");

        var home = await PageAsync(auditor, "/");
        var index = await PageAsync(auditor, "/console/docs");
        var guide = await PageAsync(auditor, "/console/docs/guide");
        var adr = await PageAsync(auditor, "/console/docs/adrs/0001-why");

        Assert.Multiple(() =>
        {
            Assert.That(home, Does.Contain("href=\"/console/docs\""), "the navigation links the docs");
            Assert.That(index, Does.Contain("href=\"/console/docs/guide\"").And.Contain("href=\"/console/docs/adrs/0001-why\""));
            Assert.That(guide, Does.Contain("<h1 id=\"operators-guide\">Operator&#39;s guide</h1>").Or.Contain("Operator's guide</h1>"));
            Assert.That(guide, Does.Contain("<table>").And.Contain("<td>cell</td>"), "pipe tables");
            Assert.That(guide, Does.Contain("href=\"/console/docs/adrs/0001-why#context\""), "a link to another doc is its console page");
            Assert.That(guide, Does.Contain("href=\"https://example.org/\""));
            Assert.That(guide, Does.Not.Contain("javascript:"), "a script link is neutralised");
            Assert.That(guide, Does.Not.Contain("<script").And.Contain("&lt;script&gt;"), "raw HTML is shown as text, never run");
            Assert.That(adr, Does.Contain("href=\"/console/docs/guide\""), "../guide.md from an ADR");
        });
    }

    [Test]
    public async Task Docs_NobodySignedIn_IsSentToSignIn()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/docs/guide");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString(), Does.Contain("/signin"));
    }

    [Test]
    public async Task Docs_PathTraversal_IsNotFound()
    {
        string[] paths =
        [
            "/console/docs/../secret", "/console/docs/../appsettings.json", "/console/docs/..%2fsecret", "/console/docs/..%2Fappsettings.json",
            "/console/docs/%2e%2e/secret", "/console/docs/%2e%2e%2fsecret", "/console/docs/..%5csecret", "/console/docs/adrs/../../secret",
            "/console/docs/adrs/%2e%2e/%2e%2e/secret", "/console/docs//etc/passwd", "/console/docs/%2fetc%2fpasswd", "/console/docs/guide.md",
            "/console/docs/adrs/..%2f..%2fsecret", "/console/docs/.%2e/secret",
        ];
        using var auditor = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "ann", "auditor");
        var cookies = auditor.Cookies.GetCookieHeader(BaseAddress);
        var (found, _) = await RawGetAsync("/console/docs/guide", cookies);
        Assert.That(found, Is.EqualTo(200), "the same raw request finds a listed document");

        foreach (var path in paths)
        {
            var (status, body) = await RawGetAsync(path, cookies);

            Assert.That(status, Is.EqualTo(404).Or.EqualTo(400), $"{path}: {body}");
            Assert.That(body, Does.Not.Contain(SecretMarker).And.Not.Contain("root:"), path);
        }
    }

    private static async Task<string> PageAsync(HighSideAccount account, string path)
    {
        using var response = await account.Http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        return html;
    }

    // HttpClient would resolve "../" and decode escapes before sending: the request line is written as is.
    private async Task<(int Status, string Body)> RawGetAsync(string path, string cookies)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(BaseAddress.Host, BaseAddress.Port);
        await using var stream = client.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {BaseAddress.Authority}\r\nCookie: {cookies}\r\nAccept: text/html\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
