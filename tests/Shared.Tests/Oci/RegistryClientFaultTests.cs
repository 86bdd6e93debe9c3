using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci;

/// <summary>Registries that lie, stall, fail or redirect, played by a local Kestrel server.</summary>
[CancelAfter(30_000)]
public sealed class RegistryClientFaultTests
{
    private static readonly byte[] Blob = RandomBytes(300_000, seed: 7);
    private static readonly Digest BlobDigest = Digest.Compute(Blob);
    private static readonly string BlobPath = $"/v2/fault/app/blobs/{BlobDigest.Value}";

    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes(
        $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}","config":{"mediaType":"{{OciMediaTypes.ImageConfig}}","digest":"{{BlobDigest.Value}}","size":{{Blob.Length}}},"layers":[]}""");

    private static readonly Digest ManifestDigest = Digest.Compute(Manifest);

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task DownloadBlobAsync_ServerSendsOtherBytes_ThrowsDigestMismatchWithoutRetrying()
    {
        var lie = RandomBytes(Blob.Length, seed: 8);
        await using var server = await FakeRegistryServer.StartAsync(context => WriteAsync(context, lie));
        var (http, client) = ClientFor(server);
        using var _ = http;
        using var destination = new MemoryStream();

        var ex = Assert.ThrowsAsync<DigestMismatchException>(() =>
            client.DownloadBlobAsync(server.Host, "fault/app", BlobDigest, destination, Blob.Length, null, Ct));

        Assert.That(ex!.Expected, Is.EqualTo(BlobDigest));
        Assert.That(ex.Actual, Is.EqualTo(Digest.Compute(lie)));
        Assert.That(ex.Message, Does.Contain(BlobDigest.Value).And.Contain(server.Host));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DownloadBlobAsync_BodyCutShort_RetriesThenFailsAndNeverSucceeds()
    {
        await using var server = await FakeRegistryServer.StartAsync(async context =>
        {
            context.Response.ContentLength = Blob.Length;
            await context.Response.Body.WriteAsync(Blob.AsMemory(0, Blob.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        var (http, client) = ClientFor(server, maxAttempts: 2);
        using var _ = http;
        using var destination = new MemoryStream();

        var ex = Assert.ThrowsAsync<RegistryException>(() =>
            client.DownloadBlobAsync(server.Host, "fault/app", BlobDigest, destination, Blob.Length, null, Ct));

        Assert.That(ex!.Message, Does.Contain("after 2 attempt(s)"));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
        Assert.That(destination.Length, Is.LessThan(Blob.Length));
    }

    [Test]
    public async Task DownloadBlobAsync_BodyLongerThanDescriptor_StopsAtSizeAndThrows()
    {
        await using var server = await FakeRegistryServer.StartAsync(async context =>
        {
            // No Content-Length: chunked, so only the descriptor size can stop an endless body.
            await context.Response.Body.WriteAsync(Blob);
            await context.Response.Body.WriteAsync(RandomBytes(100_000, seed: 9));
        });
        var (http, client) = ClientFor(server);
        using var _ = http;
        using var destination = new MemoryStream();

        var ex = Assert.ThrowsAsync<DigestMismatchException>(() =>
            client.DownloadBlobAsync(server.Host, "fault/app", BlobDigest, destination, Blob.Length, null, Ct));

        Assert.That(ex!.Message, Does.Contain("more than"));
        Assert.That(destination.Length, Is.LessThanOrEqualTo(Blob.Length));
    }

    [Test]
    public async Task DownloadBlobAsync_AnnouncedLengthDiffersFromDescriptor_Throws()
    {
        await using var server = await FakeRegistryServer.StartAsync(context => WriteAsync(context, Blob));
        var (http, client) = ClientFor(server);
        using var _ = http;

        var ex = Assert.ThrowsAsync<DigestMismatchException>(() =>
            client.DownloadBlobAsync(server.Host, "fault/app", BlobDigest, Stream.Null, Blob.Length - 1, null, Ct));

        Assert.That(ex!.ExpectedSize, Is.EqualTo(Blob.Length - 1));
        Assert.That(ex.ActualSize, Is.EqualTo(Blob.Length));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task DownloadBlobAsync_RedirectToStorage_FollowsAndVerifies(bool autoRedirect)
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            if (context.Request.Path == BlobPath)
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = "/storage/blob-data?sig=abc";
                return Task.CompletedTask;
            }

            return WriteAsync(context, Blob);
        });
        var (http, client) = ClientFor(server, handler: new SocketsHttpHandler { AllowAutoRedirect = autoRedirect });
        using var _ = http;
        using var destination = new MemoryStream();

        var result = await client.DownloadBlobAsync(server.Host, "fault/app", BlobDigest, destination, Blob.Length, null, Ct);

        Assert.That(result.Size, Is.EqualTo(Blob.Length));
        Assert.That(destination.ToArray(), Is.EqualTo(Blob));
        Assert.That(server.Requests, Is.EqualTo(new[] { $"GET {BlobPath}", "GET /storage/blob-data?sig=abc" }));
    }

    [Test]
    public async Task GetManifestAsync_TwoServerErrorsThenSuccess_SucceedsOnThirdAttempt()
    {
        var calls = 0;
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return context.Response.WriteAsync("""{"errors":[{"code":"UNKNOWN","message":"database is locked"}]}""");
            }

            return WriteManifestAsync(context, Manifest);
        });
        var (http, client) = ClientFor(server, maxAttempts: 3);
        using var _ = http;

        var result = await client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct);

        Assert.That(result.Digest, Is.EqualTo(ManifestDigest));
        Assert.That(server.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task GetManifestAsync_ServerKeepsFailing_ThrowsTransientRegistryExceptionWithRegistryMessage()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("""{"errors":[{"code":"UNAVAILABLE","message":"maintenance window"}]}""");
        });
        var (http, client) = ClientFor(server, maxAttempts: 3);
        using var _ = http;

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(ex.IsTransient, Is.True);
        Assert.That(ex.Message, Does.Contain("maintenance window").And.Contain("fault/app:1"));
        Assert.That(server.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task GetManifestAsync_TooManyRequestsWithRetryAfter_Retries()
    {
        var calls = 0;
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "0";
                return Task.CompletedTask;
            }

            return WriteManifestAsync(context, Manifest);
        });
        var (http, client) = ClientFor(server);
        using var _ = http;

        var result = await client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct);

        Assert.That(result.Digest, Is.EqualTo(ManifestDigest));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task GetManifestAsync_Forbidden_IsPermanentAndNotRetried()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""");
        });
        var (http, client) = ClientFor(server, maxAttempts: 5);
        using var _ = http;

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(ex.Errors.Single().Code, Is.EqualTo("DENIED"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void GetManifestAsync_ConnectionRefused_ThrowsRegistryExceptionAfterRetries()
    {
        var host = $"127.0.0.1:{FreePort.Next()}";
        using var http = TestRegistryClients.NewHttpClient();
        var client = TestRegistryClients.Create(http, [host], maxAttempts: 3);

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{host}/fault/app:1"), Ct));

        Assert.That(ex!.Message, Does.StartWith($"Could not reach registry {host}").And.Contain("after 3 attempt(s)"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task GetManifestAsync_ByDigest_ServerSendsOtherManifest_ThrowsDigestMismatch()
    {
        await using var server = await FakeRegistryServer.StartAsync(context => WriteManifestAsync(context, Manifest));
        var (http, client) = ClientFor(server);
        using var _ = http;
        var pinned = Digest.Compute([1]);

        var ex = Assert.ThrowsAsync<DigestMismatchException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app@{pinned.Value}"), Ct));

        Assert.That(ex!.Expected, Is.EqualTo(pinned));
        Assert.That(ex.Actual, Is.EqualTo(ManifestDigest));
    }

    [Test]
    public async Task GetManifestAsync_ByTag_DockerContentDigestContradictsBytes_ThrowsDigestMismatch()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.Headers["Docker-Content-Digest"] = Digest.Compute([1]).Value;
            return WriteManifestAsync(context, Manifest);
        });
        var (http, client) = ClientFor(server);
        using var _ = http;

        Assert.ThrowsAsync<DigestMismatchException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct));
    }

    [Test]
    public async Task GetManifestAsync_BodyOver4MiB_IsRefused()
    {
        await using var server = await FakeRegistryServer.StartAsync(async context =>
        {
            context.Response.ContentType = OciMediaTypes.ImageManifest;
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 5 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var (http, client) = ClientFor(server);
        using var _ = http;

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct));

        Assert.That(ex!.Message, Does.Contain("4 MiB"));
    }

    [Test]
    public async Task GetManifestAsync_UnsupportedMediaType_IsRefused()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/vnd.docker.distribution.manifest.v1+prettyjws";
            return context.Response.Body.WriteAsync(Manifest).AsTask();
        });
        var (http, client) = ClientFor(server);
        using var _ = http;

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app:1"), Ct));

        Assert.That(ex!.Message, Does.Contain("media type"));
    }

    [Test]
    public async Task UploadBlobAsync_RegistryAcknowledgesWrongRange_Fails()
    {
        await using var server = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Method switch
            {
                "HEAD" => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status202Accepted,
            };
            if (context.Request.Method is "POST" or "PATCH")
            {
                context.Response.Headers.Location = "/v2/fault/app/blobs/uploads/session-1";
                context.Response.Headers["Range"] = "0-5";
            }

            return Task.CompletedTask;
        });
        var (http, client) = ClientFor(server, maxAttempts: 1, chunkSize: 64 * 1024);
        using var _ = http;

        var ex = Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync(server.Host, "fault/app", BlobDigest, Blob.Length, () => new MemoryStream(Blob), Ct));

        Assert.That(ex!.Message, Does.Contain("acknowledged 0-5"));
        Assert.That(server.Requests.Count(r => r.StartsWith("PUT", StringComparison.Ordinal)), Is.Zero, "the upload must not be closed");
    }

    private static (HttpClient Http, RegistryClient Client) ClientFor(FakeRegistryServer server, int maxAttempts = 3, int chunkSize = RegistryClientOptions.DefaultChunkSize, HttpMessageHandler? handler = null)
    {
        var http = TestRegistryClients.NewHttpClient(handler);
        return (http, TestRegistryClients.Create(http, [server.Host], maxAttempts: maxAttempts, chunkSize: chunkSize));
    }

    private static async Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    private static Task WriteManifestAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = OciMediaTypes.ImageManifest;
        return WriteAsync(context, body);
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
