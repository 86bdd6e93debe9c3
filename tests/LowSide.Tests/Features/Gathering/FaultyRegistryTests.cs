using TransferPipeline.Shared.Persistence;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Gathering;

/// <summary>Registries that fail for a while, or lie about content.</summary>
public sealed class FaultyRegistryTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Gather_RegistryAnswers500ThenSucceeds_RetriesAndGathers()
    {
        var failures = 0;
        await using var proxy = await FakeRegistryServer.StartAsync(async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal) && Interlocked.Increment(ref failures) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            await RegistryProxy.ForwardAsync(context);
        });
        await using var site = await TestSite.CreateAsync(Provider, proxy.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{proxy.Host}/library/app:1.0"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(SharedServers.AppV1.ManifestDigest.Value));
        Assert.That(proxy.Requests.Count(r => r.Contains("/blobs/", StringComparison.Ordinal)), Is.GreaterThan(SharedServers.AppV1.Blobs.Count()));
    }

    [Test]
    public async Task Gather_RegistryAlwaysAnswers500_FailsWithReasonAfterRetries()
    {
        await using var broken = await FakeRegistryServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var site = await TestSite.CreateAsync(Provider, broken.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{broken.Host}/library/app:1.0"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Is.Not.Empty);
        Assert.That(broken.Requests, Has.Count.GreaterThanOrEqualTo(3), "retried");
    }

    [Test]
    public async Task Gather_BlobNotMatchingItsDigest_RefusedAndNotStored()
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var promised = Encoding.UTF8.GetBytes("good layer");
        var served = Encoding.UTF8.GetBytes("evil layer");
        var configDigest = Digest(config);
        var layerDigest = Digest(promised);
        var manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configDigest}}","size":{{config.Length}}},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{layerDigest}}","size":{{promised.Length}}}]}
            """);
        await using var liar = await FakeRegistryServer.StartAsync(async context =>
        {
            var path = context.Request.Path.Value!;
            var (body, type) = path switch
            {
                "/v2/" => ("{}"u8.ToArray(), "application/json"),
                _ when path.EndsWith("/manifests/1.0", StringComparison.Ordinal) => (manifest, "application/vnd.oci.image.manifest.v1+json"),
                _ when path.EndsWith(configDigest, StringComparison.Ordinal) => (config, "application/octet-stream"),
                _ when path.EndsWith(layerDigest, StringComparison.Ordinal) => (served, "application/octet-stream"),
                _ => ((byte[]?)null, ""),
            };
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = type;
            if (path.Contains("/manifests/", StringComparison.Ordinal))
            {
                context.Response.Headers["Docker-Content-Digest"] = Digest(manifest);
            }

            await context.Response.Body.WriteAsync(body);
        });
        await using var site = await TestSite.CreateAsync(Provider, liar.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{liar.Host}/library/evil:1.0"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.Failure, Does.Contain(layerDigest));
        var store = await site.GetAsync<ContentStore>();
        Assert.That(store.Contains(layerDigest), Is.False);
        Assert.That(store.Contains(Digest(served)), Is.False);
        Assert.That(Directory.EnumerateFiles(Path.Combine(store.Root, "incoming")), Is.Empty);
    }

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
