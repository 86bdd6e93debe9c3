using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

/// <summary>The HTTP API of a real daemon host (Kestrel on a free port, in-memory bus), one per fixture.</summary>
[NonParallelizable]
public sealed class DaemonHttpTests
{
    private TestSite _site = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _site = await TestSite.CreateAsync(SharedServers.Registry.Host, SharedServers.Files.Prefix + "files/");
        _site.Configure(json => json["Batches"]!["MediaDirectory"] = _site.Media);
        _app = TransferDaemon.Build(_site.Data, "http://127.0.0.1:0");
        await _app.Services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StartAsync(timeout.Token);
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    private static JsonObject Body(string kind = "image", string? source = null) => new()
    {
        ["kind"] = kind,
        ["source"] = source ?? SharedServers.AppV1.Reference.ToString(),
        ["requester"] = "alice",
        ["justification"] = "needed",
    };

    [TestCase("evil.example")]
    [TestCase("rebind.attacker.example:8480")]
    public async Task AnyRequest_HostNotAllowed_Refused400AndNothingListed(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/requests");
        request.Headers.Host = host;

        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a browser pointed at the API by DNS rebinding");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("justification"));
    }

    [TestCase("127.0.0.1")]
    [TestCase("localhost")]
    public async Task Health_LoopbackHostNames_Answered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = host;

        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("kind", "video", "kind")]
    [TestCase("source", "no-registry:1.0", "source")]
    [TestCase("source", "127.0.0.1:1/UPPER/case:1", "source")]
    [TestCase("justification", "", "justification")]
    [TestCase("justification", null, "justification")]
    [TestCase("requester", "", "requester")]
    [TestCase("ticket", "oversize", "ticket")]
    [TestCase("justification", "oversize", "justification")]
    public async Task PostRequest_InvalidField_Returns400ProblemNamingTheField(string property, string? value, string field)
    {
        var body = Body();
        body[property] = value == "oversize" ? new string('x', 10_000) : value;

        using var response = await _http.PostAsJsonAsync("/api/requests", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((string?)problem!["field"], Is.EqualTo(field));
        Assert.That((string?)problem["detail"], Does.StartWith(field + ":"));
    }

    [Test]
    public async Task PostRequest_NotJson_Returns400()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("/api/requests", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("image", "127.0.0.1:1/library/app:1.0")]
    [TestCase("file", "http://127.0.0.1:1/files/x.bin")]
    public async Task PostRequest_SourceNotAllowed_Returns403NamingTheSetting(string kind, string source)
    {
        using var response = await _http.PostAsJsonAsync("/api/requests", Body(kind, source));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)problem!["reason"], Is.EqualTo("source-not-allowed"));
        Assert.That((string?)problem["detail"], Does.Contain("Sources:Allowed"));
    }

    [Test]
    public async Task PostRequest_Valid_IsGatheredByTheConsumerAndCutOnDemand()
    {
        using var created = await _http.PostAsJsonAsync("/api/requests", Body());
        var request = await created.Content.ReadFromJsonAsync<JsonObject>();
        var id = (string)request!["id"]!;

        var gathered = await Eventually.GetAsync(
            async () => (await _http.GetFromJsonAsync<JsonObject>($"/api/requests/{id}"))!,
            r => (string?)r["request"]!["status"] is "gathered" or "failed",
            TimeSpan.FromSeconds(60), "the consumer to gather the request");
        using var cut = await _http.PostAsJsonAsync("/api/batches/cut", new { });
        var batch = await cut.Content.ReadFromJsonAsync<JsonObject>();
        var batches = await _http.GetFromJsonAsync<JsonArray>("/api/batches");
        using var missing = await _http.GetAsync(new Uri("/api/requests/nope", UriKind.Relative));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"/api/requests/{id}"));
        Assert.That((string?)gathered["request"]!["status"], Is.EqualTo("gathered"), gathered.ToJsonString());
        Assert.That((string?)gathered["request"]!["resolvedDigest"], Is.EqualTo(SharedServers.AppV1.ManifestDigest.Value));
        Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.OK), batch?.ToJsonString());
        Assert.That((string?)batch!["status"], Is.EqualTo("shipped"));
        Assert.That(batches!.Select(b => (string?)b!["id"]), Does.Contain((string?)batch["id"]));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task HealthAndOpenApi_Answer()
    {
        using var health = await _http.GetAsync(new Uri("/health", UriKind.Relative));
        var openApi = await _http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(openApi!["paths"]!.AsObject().Select(p => p.Key), Does.Contain("/api/requests").And.Contain("/api/batches/cut"));
    }
}
