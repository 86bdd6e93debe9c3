using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Tests.Oci.FaultFixtures;

namespace TransferPipeline.Shared.Tests.Oci;

/// <summary>Blob servers that lie, cut off, over-deliver or redirect, played by a local Kestrel server.</summary>
[CancelAfter(30_000)]
public sealed class RegistryClientBlobFaultTests
{
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

        var ex = Assert.ThrowsAsync<RegistryException>(
            () => client.UploadBlobAsync(server.Host, "fault/app", BlobDigest, Blob.Length, () => new MemoryStream(Blob), Ct));

        Assert.That(ex!.Message, Does.Contain("acknowledged 0-5"));
        Assert.That(server.Requests.Count(r => r.StartsWith("PUT", StringComparison.Ordinal)), Is.Zero, "the upload must not be closed");
    }
}
