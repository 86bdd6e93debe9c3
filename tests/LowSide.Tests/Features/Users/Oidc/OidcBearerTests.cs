using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Users.Oidc;

/// <summary>
/// Tokens from the organisation's identity provider against a real daemon whose Auth:Oidc:JwksFile holds
/// the provider's keys, beside personal API tokens on the same endpoints; one daemon for the fixture.
/// </summary>
[NonParallelizable]
public sealed class OidcBearerTests
{
    private const string Source = "http://127.0.0.1:1/files/tool.bin";
    private OidcSite _oidc = null!;

    // Nothing listens on port 1: requests are filed, then fail to gather, so nothing is ever cut.
    [OneTimeSetUp]
    public async Task StartAsync() => _oidc = await OidcSite.StartAsync(null, "http://127.0.0.1:1/files/");

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_oidc is not null)
        {
            await _oidc.DisposeAsync();
        }
    }

    [TestCase(SecurityAlgorithms.RsaSha256)]
    [TestCase(SecurityAlgorithms.EcdsaSha256)]
    public async Task Submit_ValidToken_StoresTheOidcIdentityWhateverTheBodySays(string algorithm)
    {
        var subject = "rita-" + algorithm.ToLowerInvariant();
        using var rita = _oidc.Daemon.Client(_oidc.Provider.Token(subject, algorithm, Claims(("name", "Rita Requester"), ("roles", "transfer-requesters"))));

        using var created = await rita.PostAsJsonAsync("/api/requests", Body("mallory"));
        var request = await created.Content.ReadFromJsonAsync<JsonObject>();
        using var listed = await rita.GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), request?.ToJsonString());
        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)request!["requester"], Is.EqualTo(TestIdentityProvider.IdentityOf(subject)));
        Assert.That((string?)request["requesterName"], Is.EqualTo("Rita Requester"));
        Assert.That((await listed.Content.ReadFromJsonAsync<JsonArray>())!.Select(r => (string?)r!["id"]), Does.Contain((string?)request["id"]));
    }

    [Test]
    public async Task Submit_TokenWithoutNameClaim_ShowsThePreferredUsername()
    {
        var token = _oidc.Provider.Token("pat", edit: Claims(("preferred_username", "pat@example.org"), ("roles", "transfer-requesters")));
        using var client = _oidc.Daemon.Client(token);

        using var created = await client.PostAsJsonAsync("/api/requests", Body());
        var request = await created.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)request!["requesterName"], Is.EqualTo("pat@example.org"));
    }

    [Test]
    public async Task AnyCall_ExpiredToken_Returns401() =>
        await AssertRefusedAsync(_oidc.Provider.Token("rita", edit: token =>
        {
            Requester(token);
            token.IssuedAt = token.NotBefore = DateTime.UtcNow.AddMinutes(-30);
            token.Expires = DateTime.UtcNow.AddMinutes(-2);
        }), "The token expired");

    [Test]
    public async Task AnyCall_WrongAudience_Returns401() =>
        await AssertRefusedAsync(_oidc.Provider.Token("rita", edit: token =>
        {
            Requester(token);
            token.Audience = "another-application";
        }), "The audience"); // the library names it '(null)' in the description

    [Test]
    public async Task AnyCall_WrongIssuer_Returns401() =>
        await AssertRefusedAsync(_oidc.Provider.Token("rita", edit: token =>
        {
            Requester(token);
            token.Issuer = "https://idp.attacker.example/realms/transfer";
        }), "The issuer 'https://idp.attacker.example/realms/transfer' is invalid");

    [Test]
    public async Task AnyCall_SignedByAKeyNotInTheJwks_Returns401()
    {
        using var impostor = new TestIdentityProvider();

        await AssertRefusedAsync(impostor.Token("rita", edit: Requester), "The signature key was not found");
    }

    [Test]
    public async Task AnyCall_AlgNoneToken_Returns401() =>
        await AssertRefusedAsync(TestIdentityProvider.Unsigned("olga"), "The signature is invalid");

    [Test]
    public async Task Cancel_AnotherRequestersRequest_Returns403AndLeavesItAlone()
    {
        using var rita = _oidc.Daemon.Client(_oidc.Provider.Token("rita", edit: Requester));
        using var sam = _oidc.Daemon.Client(_oidc.Provider.Token("sam", edit: Requester));
        using var created = await rita.PostAsJsonAsync("/api/requests", Body());
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        using var cancel = await sam.PostAsync(new Uri($"/api/requests/{id}/cancel", UriKind.Relative), null);
        var problem = await cancel.Content.ReadFromJsonAsync<JsonObject>();
        var after = await rita.GetFromJsonAsync<JsonObject>($"/api/requests/{id}");

        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)problem!["reason"], Is.Not.Null.And.Not.Empty);
        Assert.That((string?)after!["request"]!["status"], Is.Not.EqualTo("cancelled"));
    }

    [TestCase("transfer-operators")]
    [TestCase("tp-admins")]
    public async Task Operator_ByMappedGroup_ListsAllAndCuts(string group)
    {
        using var rita = _oidc.Daemon.Client(_oidc.Provider.Token("rita", edit: Requester));
        using var created = await rita.PostAsJsonAsync("/api/requests", Body());
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"];
        using var olga = _oidc.Daemon.Client(_oidc.Provider.Token("olga", edit: Claims(("roles", new[] { "staff", group }))));

        var all = await olga.GetFromJsonAsync<JsonArray>("/api/requests");
        using var batches = await olga.GetAsync(new Uri("/api/batches", UriKind.Relative));
        using var cut = await olga.PostAsJsonAsync("/api/batches/cut", new { });
        var problem = await cut.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(all!.Select(r => (string?)r!["id"]), Does.Contain(id));
        Assert.That(batches.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)problem!["reason"], Is.EqualTo("nothing-to-ship"), "authorised to cut; nothing gathered to cut");
    }

    [Test]
    public async Task Auditor_ByMappedGroup_ReadsBatchesButCannotCut()
    {
        using var ada = _oidc.Daemon.Client(_oidc.Provider.Token("ada", edit: Claims(("roles", "transfer-auditors"))));

        using var batches = await ada.GetAsync(new Uri("/api/batches", UriKind.Relative));
        using var cut = await ada.PostAsJsonAsync("/api/batches/cut", new { });

        Assert.That(batches.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("GET", "/api/requests")]
    [TestCase("POST", "/api/requests")]
    [TestCase("GET", "/api/batches")]
    [TestCase("POST", "/api/batches/cut")]
    public async Task AnyCall_NoMappedRole_Returns403(string method, string path)
    {
        using var nobody = _oidc.Daemon.Client(_oidc.Provider.Token("nora", edit: Claims(("roles", new[] { "staff", "transfer-operators-old" }))));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(Body()) };

        using var response = await nobody.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task AnyCall_PersonalApiTokenBesideOidc_StillAnswered()
    {
        using var local = _oidc.Daemon.Client(await _oidc.Site.TokenAsync("lena", UserRoles.Requester));
        using var forged = _oidc.Daemon.Client("tpl_0000000000000000_" + new string('A', 43));

        using var created = await local.PostAsJsonAsync("/api/requests", Body());
        var request = await created.Content.ReadFromJsonAsync<JsonObject>();
        using var refused = await forged.GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)request!["requester"], Is.EqualTo("local:lena"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task AssertRefusedAsync(string token, string reason)
    {
        using var client = _oidc.Daemon.Client(token);

        using var response = await client.GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain(reason));
    }

    private static void Requester(SecurityTokenDescriptor token) => Claims(("roles", "transfer-requesters"))(token);

    private static Action<SecurityTokenDescriptor> Claims(params (string Name, object Value)[] claims) => token =>
    {
        foreach (var (name, value) in claims)
        {
            token.Claims[name] = value;
        }
    };

    private static JsonObject Body(string? requester = null) => new()
    {
        ["kind"] = "file",
        ["source"] = Source,
        ["requester"] = requester,
        ["justification"] = "needed",
    };
}
