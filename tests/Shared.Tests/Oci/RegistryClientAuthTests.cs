using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci;

/// <summary>Token and Basic challenges against a fake registry that is also its own token server.</summary>
[CancelAfter(30_000)]
public sealed class RegistryClientAuthTests
{
    private const string Token = "tok-3f9a";
    private const string Scope = "repository:secure/app:pull";

    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes(
        $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageIndex}}","manifests":[]}""");

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task GetManifestAsync_BearerChallenge_FetchesTokenOnceAndReusesIt()
    {
        var tokenRequests = new ConcurrentQueue<string?>();
        await using var server = await FakeRegistryServer.StartAsync(context => BearerRegistryAsync(context, tokenRequests, requiredBasic: null));
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [server.Host]);
        var reference = ImageReference.Parse($"{server.Host}/secure/app:1");

        var first = await client.GetManifestAsync(reference, Ct);
        var second = await client.GetManifestAsync(reference, Ct);

        Assert.That(first.Digest, Is.EqualTo(Digest.Compute(Manifest)));
        Assert.That(second.Digest, Is.EqualTo(first.Digest));
        Assert.That(server.Requests, Is.EqualTo(new[]
        {
            "GET /v2/secure/app/manifests/1",
            $"GET /token?service=fake-registry&scope={Uri.EscapeDataString(Scope)}",
            "GET /v2/secure/app/manifests/1",
            "GET /v2/secure/app/manifests/1",
        }));
        Assert.That(tokenRequests, Is.EqualTo(new string?[] { null }), "anonymous token request");
    }

    [Test]
    public async Task GetManifestAsync_TokenServerNeedsBasic_SendsConfiguredCredentials()
    {
        var tokenRequests = new ConcurrentQueue<string?>();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:s3cret"));
        await using var server = await FakeRegistryServer.StartAsync(context => BearerRegistryAsync(context, tokenRequests, requiredBasic: basic));
        using var http = TestRegistryClients.NewHttpClient();
        var credentials = RegistryCredentials.Anonymous.WithBasic(server.Host, "robot", "s3cret");
        var client = TestRegistryClients.Create(http, [server.Host], credentials);

        var result = await client.GetManifestAsync(ImageReference.Parse($"{server.Host}/secure/app:1"), Ct);

        Assert.That(result.MediaType, Is.EqualTo(OciMediaTypes.ImageIndex));
        Assert.That(tokenRequests, Is.EqualTo(new[] { basic }));
    }

    [Test]
    public async Task GetManifestAsync_TokenServerRefusesAnonymous_ThrowsUnauthorizedWithHint()
    {
        var tokenRequests = new ConcurrentQueue<string?>();
        await using var server = await FakeRegistryServer.StartAsync(context => BearerRegistryAsync(context, tokenRequests, requiredBasic: "Basic x"));
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [server.Host]);

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/secure/app:1"), Ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(ex.Message, Does.Contain("anonymous access was refused"));
        Assert.That(ex.IsTransient, Is.False);
    }

    [Test]
    public async Task GetManifestAsync_RealmNotHttps_RefusesToSendCredentials()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://tokens.example.com/token\",service=\"x\",scope=\"{Scope}\"";
            return Task.CompletedTask;
        });
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [server.Host], RegistryCredentials.Anonymous.WithBasic(server.Host, "robot", "s3cret"));

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/secure/app:1"), Ct));

        Assert.That(ex!.Message, Does.Contain("not an https URL"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GetManifestAsync_BasicChallenge_AnswersThenSendsCredentialsUpFront()
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:s3cret"));
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            if (context.Request.Headers.Authorization != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"mirror\"";
                return Task.CompletedTask;
            }

            return WriteIndexAsync(context);
        });
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [server.Host], RegistryCredentials.Anonymous.WithBasic(server.Host, "robot", "s3cret"));
        var reference = ImageReference.Parse($"{server.Host}/secure/app:1");

        await client.GetManifestAsync(reference, Ct);
        await client.GetManifestAsync(reference, Ct);

        Assert.That(server.Requests, Has.Count.EqualTo(3), "one challenge, then credentials sent with every request");
    }

    [Test]
    public async Task GetManifestAsync_BasicChallengeWithoutCredentials_ThrowsUnauthorized()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"mirror\"";
            return context.Response.WriteAsync("""{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""");
        });
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [server.Host]);

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/secure/app:1"), Ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(ex.Message, Does.Contain("authentication required").And.Contain("credentials"));
    }

    [Test]
    public async Task UploadBlobAsync_TokenRejectedMidUpload_RenewsTokenAndRestartsUpload()
    {
        var blob = new byte[200_000];
        new Random(5).NextBytes(blob);
        var digest = Digest.Compute(blob);
        var tokensIssued = 0;
        var patchesRejected = 0;
        var received = new ConcurrentDictionary<string, long>();
        await using var server = await FakeRegistryServer.StartAsync(async context =>
        {
            var request = context.Request;
            if (request.Path == "/token")
            {
                if (request.Query["scope"] != "repository:secure/app:pull,push")
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                var issued = Interlocked.Increment(ref tokensIssued);
                await context.Response.WriteAsync($$"""{"token":"push-{{issued}}"}""");
                return;
            }

            var authorization = request.Headers.Authorization.ToString();
            // The first token "expires" at the first PATCH; later tokens are good.
            var expired = authorization == "Bearer push-1" && request.Method == "PATCH" && Interlocked.Increment(ref patchesRejected) == 1;
            if (!authorization.StartsWith("Bearer push-", StringComparison.Ordinal) || expired)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer realm=\"http://{request.Host}/token\",service=\"fake-registry\",scope=\"repository:secure/app:pull,push\"";
                return;
            }

            await UploadProtocolAsync(context, received);
        });
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [server.Host], chunkSize: 64 * 1024);

        var outcome = await client.UploadBlobAsync(server.Host, "secure/app", digest, blob.Length, () => new MemoryStream(blob), Ct);

        Assert.That(outcome, Is.EqualTo(BlobUploadOutcome.Uploaded));
        Assert.That(tokensIssued, Is.EqualTo(2));
        Assert.That(server.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal)), Is.EqualTo(2), "the upload restarts from a new session");
        Assert.That(server.Requests[^1], Does.StartWith("PUT /v2/secure/app/blobs/uploads/").And.EndWith("digest=" + Uri.EscapeDataString(digest.Value)));
    }

    [Test]
    public void RegistryCredential_ToString_HidesPassword() =>
        Assert.That(new RegistryCredential("robot", "s3cret").ToString(), Does.Not.Contain("s3cret"));

    private static Task BearerRegistryAsync(HttpContext context, ConcurrentQueue<string?> tokenRequests, string? requiredBasic)
    {
        if (context.Request.Path == "/token")
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            tokenRequests.Enqueue(authorization.Length == 0 ? null : authorization);
            if (context.Request.Query["scope"] != Scope || (requiredBasic is not null && authorization != requiredBasic))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync($$"""{"token":"{{Token}}","expires_in":300}""");
        }

        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"http://{context.Request.Host}/token\",service=\"fake-registry\",scope=\"{Scope}\"";
            return Task.CompletedTask;
        }

        return WriteIndexAsync(context);
    }

    /// <summary>Just enough of the upload protocol: HEAD 404, POST, PATCH with byte counting, PUT ?digest.</summary>
    private static async Task UploadProtocolAsync(HttpContext context, ConcurrentDictionary<string, long> received)
    {
        var request = context.Request;
        switch (request.Method)
        {
            case "HEAD":
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            case "POST":
                var session = Guid.NewGuid().ToString("N");
                received[session] = 0;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = $"/v2/secure/app/blobs/uploads/{session}?_state=x";
                return;
            case "PATCH":
                var id = request.Path.Value!.Split('/')[^1];
                var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                var total = received.AddOrUpdate(id, buffer.Length, (_, sum) => sum + buffer.Length);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = $"/v2/secure/app/blobs/uploads/{id}?_state=y";
                context.Response.Headers["Range"] = $"0-{total - 1}";
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status201Created;
                return;
        }
    }

    private static Task WriteIndexAsync(HttpContext context)
    {
        context.Response.ContentType = OciMediaTypes.ImageIndex;
        return context.Response.Body.WriteAsync(Manifest).AsTask();
    }
}
