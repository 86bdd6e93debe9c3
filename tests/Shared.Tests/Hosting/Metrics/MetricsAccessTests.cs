using System.Net;
using Microsoft.AspNetCore.Http;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting.Metrics;

/// <summary>
/// Who reads /metrics: without Metrics:TokenFile loopback callers only; with it, exactly the bearer token, from anywhere.
/// Other paths pass untouched. (The daemon tests scrape over real HTTP; a non-loopback caller cannot be made there.)
/// </summary>
[TestFixture]
internal sealed class MetricsAccessTests
{
    private const string Token = "0123456789abcdef0123456789abcdef-metrics";

    [TestCase("127.0.0.1", StatusCodes.Status200OK)]
    [TestCase("::1", StatusCodes.Status200OK)]
    [TestCase("10.0.0.5", StatusCodes.Status403Forbidden)]
    [TestCase("192.168.1.20", StatusCodes.Status403Forbidden)]
    public async Task InvokeAsync_NoToken_AnswersLoopbackOnly(string remote, int expected)
    {
        var access = new MetricsAccess(Microsoft.Extensions.Options.Options.Create(new MetricsOptions()));

        var status = await CallAsync(access, "/metrics", remote, authorization: null);

        Assert.That(status, Is.EqualTo(expected));
    }

    [TestCase("10.0.0.5", "Bearer " + Token, StatusCodes.Status200OK)]
    [TestCase("127.0.0.1", "bearer " + Token, StatusCodes.Status200OK)]
    [TestCase("127.0.0.1", null, StatusCodes.Status401Unauthorized)]
    [TestCase("10.0.0.5", "Bearer wrong-token-wrong-token-wrong-token", StatusCodes.Status401Unauthorized)]
    [TestCase("10.0.0.5", "Basic " + Token, StatusCodes.Status401Unauthorized)]
    [TestCase("10.0.0.5", "Bearer " + Token + "x", StatusCodes.Status401Unauthorized)]
    public async Task InvokeAsync_TokenFile_WantsExactlyThatBearerToken(string remote, string? authorization, int expected)
    {
        using var temp = new TempDirectory("metrics-token");
        var file = temp.Combine("token");
        await File.WriteAllTextAsync(file, Token + "\n");
        var access = new MetricsAccess(Microsoft.Extensions.Options.Options.Create(new MetricsOptions { TokenFile = file }));

        var status = await CallAsync(access, "/metrics", remote, authorization);

        Assert.That(status, Is.EqualTo(expected));
    }

    [TestCase("/metrics/")]
    [TestCase("/METRICS")]
    [TestCase("/Metrics/")]
    public async Task InvokeAsync_MetricsAsRoutingAlsoTakesIt_GuardedTheSame(string path)
    {
        var access = new MetricsAccess(Microsoft.Extensions.Options.Options.Create(new MetricsOptions()));

        Assert.That(await CallAsync(access, path, "10.0.0.5", authorization: null), Is.EqualTo(StatusCodes.Status403Forbidden));
    }

    [Test]
    public async Task InvokeAsync_OtherPath_PassesWhoeverCalls()
    {
        var access = new MetricsAccess(Microsoft.Extensions.Options.Options.Create(new MetricsOptions()));

        Assert.That(await CallAsync(access, "/health", "10.0.0.5", authorization: null), Is.EqualTo(StatusCodes.Status200OK));
    }

    [TestCase("short-token", false)]
    [TestCase(Token, true)]
    public async Task Validate_TokenFile_NeedsALongToken(string token, bool valid)
    {
        using var temp = new TempDirectory("metrics-token");
        var file = temp.Combine("token");
        await File.WriteAllTextAsync(file, token);

        var result = await new MetricsOptionsValidator().ValidateAsync(new MetricsOptions { TokenFile = file });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase("http://127.0.0.1:9490", true)]
    [TestCase("http://localhost:9490;http://[::1]:9490", true)]
    [TestCase("https://worker1.example.org:9490", true)]
    [TestCase("http://10.0.0.5:9490", false)]
    [TestCase("http://0.0.0.0:9490", false)]
    [TestCase("ftp://127.0.0.1:9490", false)]
    [TestCase("127.0.0.1:9490", false)]
    public void Validate_Urls_PlainHttpOnLoopbackOnly(string urls, bool valid)
    {
        var result = new MetricsOptionsValidator().Validate(new MetricsOptions { Urls = urls });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [Test]
    public void Validate_MissingTokenFile_NamesTheFileAndWhatItNeeds()
    {
        var result = new MetricsOptionsValidator().Validate(new MetricsOptions { TokenFile = "/nonexistent/metrics-token" });

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.One.Contains("'/nonexistent/metrics-token'").And.Contains("32 characters"));
    }

    private static async Task<int> CallAsync(MetricsAccess access, string path, string remote, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        await access.InvokeAsync(context, c =>
        {
            c.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        return context.Response.StatusCode;
    }
}
