using System.Net;
using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Tests.Oci.FaultFixtures;

namespace TransferPipeline.Shared.Tests.Oci;

/// <summary>Manifest servers that fail, throttle, refuse, lie or oversize, played by a local Kestrel server.</summary>
[CancelAfter(30_000)]
public sealed class RegistryClientManifestFaultTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

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

        var ex = Assert.ThrowsAsync<DigestMismatchException>(
            () => client.GetManifestAsync(ImageReference.Parse($"{server.Host}/fault/app@{pinned.Value}"), Ct));

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
}
