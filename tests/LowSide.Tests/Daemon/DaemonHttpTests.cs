using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting;
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
    private HttpClient _operator = null!;
    private HttpClient _anonymous = null!;
    private string _bobToken = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _site = await TestSite.CreateAsync(SharedServers.Registry.Host, SharedServers.Files.Prefix + "files/");
        _site.Configure(json => json["Batches"]!["MediaDirectory"] = _site.Media);
        _app = TransferDaemon.Build(_site.Data, "http://127.0.0.1:0");
        await _app.Services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StartAsync(timeout.Token);
        _http = Client(await _site.TokenAsync("alice", UserRoles.Requester));
        _operator = Client(await _site.TokenAsync("olga", UserRoles.Operator));
        _anonymous = Client(null);
        _bobToken = await _site.TokenAsync("bob", UserRoles.Requester);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        _operator?.Dispose();
        _anonymous?.Dispose();
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

    private HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
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
        using var cut = await _operator.PostAsJsonAsync("/api/batches/cut", new { });
        var batch = await cut.Content.ReadFromJsonAsync<JsonObject>();
        var batches = await _operator.GetFromJsonAsync<JsonArray>("/api/batches");
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
        var openApi = await _operator.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(openApi!["paths"]!.AsObject().Select(p => p.Key), Does.Contain("/api/requests").And.Contain("/api/batches/cut"));
    }

    [Test]
    public async Task Console_HomeForAVisitor_UsesTheSharedLayoutOffersSignInAndForbidsFramingAndForeignScripts()
    {
        using var response = await _anonymous.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("<link rel=\"stylesheet\" href=\"/assets/console.css\">").And.Contain("href=\"/signin\"")
            .And.Contain("TransferPipeline low side · site-a"));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(policy, Does.Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task Console_Stylesheet_ServedByTheDaemonWithAnETagAndUnknownAssetsAre404()
    {
        using var css = await _anonymous.GetAsync(new Uri("/assets/console.css", UriKind.Relative));
        using var unknown = await _anonymous.GetAsync(new Uri("/assets/../lowside.db", UriKind.Relative));
        using var other = await _anonymous.GetAsync(new Uri("/assets/app.js", UriKind.Relative));

        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        Assert.That(css.Headers.ETag, Is.Not.Null);
        Assert.That(await css.Content.ReadAsStringAsync(), Does.Contain(":focus-visible"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("GET", "/api/requests")]
    [TestCase("POST", "/api/requests")]
    [TestCase("POST", "/api/batches/cut")]
    [TestCase("GET", "/api/batches")]
    [TestCase("GET", "/openapi/v1.json")]
    public async Task AnyCall_NoCredentials_Returns401AndDoesNothing(string method, string path)
    {
        var before = await _operator.GetFromJsonAsync<JsonArray>("/api/requests");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(Body()) };

        using var response = await _anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await _operator.GetFromJsonAsync<JsonArray>("/api/requests"), Has.Count.EqualTo(before!.Count), "nothing was filed");
    }

    [Test]
    public async Task AnyCall_TokenAlteredRevokedOrOfADisabledUser_Returns401()
    {
        var users = await _site.GetAsync<UserService>();
        await users.AddAsync("gone", UserRoles.Requester, "test", CancellationToken.None);
        var revoked = (await users.CreateTokenAsync("gone", 30, "test", CancellationToken.None)).Value.Record;
        var revokedToken = await _site.TokenAsync("revoked-user", UserRoles.Requester);
        await users.RevokeTokenAsync(revokedToken.Split('_')[1], "test", CancellationToken.None);
        var disabledToken = await _site.TokenAsync("disabled-user", UserRoles.Requester);
        await users.DisableAsync("disabled-user", "test", CancellationToken.None);
        var bob = _bobToken;
        var altered = bob[..^1] + (bob[^1] == 'A' ? 'B' : 'A');

        foreach (var token in new[] { altered, revokedToken, disabledToken, "tpl_0000000000000000_" + new string('A', 43), "not-a-token" })
        {
            using var client = Client(token);
            using var response = await client.GetAsync(new Uri("/api/requests", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), token);
        }

        Assert.That(revoked.Id, Has.Length.EqualTo(16));
    }

    [Test]
    public async Task AnyCall_ExpiredToken_Returns401()
    {
        var past = new FakeTimeProvider { UtcNow = DateTimeOffset.UtcNow.AddDays(-10) };
        await using var services = TransferCore.BuildCommandServices(_site.Data, s => s.AddSingleton<TimeProvider>(past));
        var users = services.GetRequiredService<UserService>();
        await users.AddAsync("expired-user", UserRoles.Requester, "test", CancellationToken.None);
        var token = (await users.CreateTokenAsync("expired-user", 1, "test", CancellationToken.None)).Value.Token;
        using var client = Client(token);

        using var response = await client.GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task PostRequest_BodyNamesAnotherRequester_TheCallerIsStored()
    {
        var body = Body();
        body["requester"] = "mallory";

        using var created = await _http.PostAsJsonAsync("/api/requests", body);
        var request = await created.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)request!["requester"], Is.EqualTo("local:alice"));
    }

    [Test]
    public async Task Requester_CancelsOrReadsSomeoneElsesRequest_Returns403AndSeesOnlyOwn()
    {
        using var created = await _http.PostAsJsonAsync("/api/requests", Body());
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var bob = Client(_bobToken);

        using var cancel = await bob.PostAsync(new Uri($"/api/requests/{id}/cancel", UriKind.Relative), null);
        using var read = await bob.GetAsync(new Uri($"/api/requests/{id}", UriKind.Relative));
        var bobs = await bob.GetFromJsonAsync<JsonArray>("/api/requests");
        var all = await _operator.GetFromJsonAsync<JsonArray>("/api/requests");

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(bobs!.Select(r => (string?)r!["id"]), Does.Not.Contain(id));
        Assert.That(all!.Select(r => (string?)r!["id"]), Does.Contain(id));
        Assert.That((string?)(await _http.GetFromJsonAsync<JsonObject>($"/api/requests/{id}"))!["request"]!["status"], Is.Not.EqualTo("cancelled"));
    }

    [TestCase("elsewhere", TestName = "Operator_CutsOntoADirectoryBesideTheMedia_Refused403MediaNotAllowedAndNothingWritten")]
    [TestCase("media/../elsewhere", TestName = "Operator_CutsOntoAPathThatClimbsOutOfTheMediaDirectory_Refused403MediaNotAllowedAndNothingWritten")]
    public async Task Operator_CutsOntoADirectoryTheSettingsDoNotAdmit_Refused403MediaNotAllowedAndNothingWritten(string relative)
    {
        // An operator's API token names where the service account writes the batch: its own data directory, another disk.
        var root = Path.GetDirectoryName(_site.Media)!;
        var media = Path.Combine(root, relative);
        using var created = await _http.PostAsJsonAsync("/api/requests", Body());
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await Eventually.GetAsync(
            async () => (await _http.GetFromJsonAsync<JsonObject>($"/api/requests/{id}"))!,
            r => (string?)r["request"]!["status"] is "gathered", TimeSpan.FromSeconds(60), "a request to cut");

        using var cut = await _operator.PostAsJsonAsync("/api/batches/cut", new { media });
        var problem = await cut.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), problem?.ToJsonString());
        Assert.That((string?)problem!["reason"], Is.EqualTo(LowSideReasons.MediaNotAllowed));
        Assert.That(Directory.Exists(Path.Combine(root, "elsewhere")), Is.False);
    }

    [Test]
    public async Task Operator_CutsWithBlankMedia_Refused400NamingTheMedia()
    {
        using var cut = await _operator.PostAsJsonAsync("/api/batches/cut", new { media = " " });
        var problem = await cut.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem?.ToJsonString());
        Assert.That((string?)problem!["reason"], Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That((string?)problem["field"], Is.EqualTo("media"));
    }

    [Test]
    public async Task Requester_CutsOrListsBatches_Returns403()
    {
        using var cut = await _http.PostAsJsonAsync("/api/batches/cut", new { media = "/tmp/elsewhere" });
        using var list = await _http.GetAsync(new Uri("/api/batches", UriKind.Relative));

        Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Directory.Exists("/tmp/elsewhere"), Is.False);
    }
}
