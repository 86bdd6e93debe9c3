using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci;

/// <summary>Shared fixtures for the fault tests: a small blob, a manifest describing it, and response writers.</summary>
internal static class FaultFixtures
{
    public static readonly byte[] Blob = RandomBytes(300_000, seed: 7);
    public static readonly Digest BlobDigest = Digest.Compute(Blob);
    public static readonly string BlobPath = $"/v2/fault/app/blobs/{BlobDigest.Value}";

    public static readonly byte[] Manifest = System.Text.Encoding.UTF8.GetBytes(
        $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}","config":"""
        + $$"""{"mediaType":"{{OciMediaTypes.ImageConfig}}","digest":"{{BlobDigest.Value}}","size":{{Blob.Length}}},"layers":[]}""");

    public static readonly Digest ManifestDigest = Digest.Compute(Manifest);

    public static (HttpClient Http, RegistryClient Client) ClientFor(
        FakeRegistryServer server,
        int maxAttempts = 3,
        int chunkSize = RegistryClientOptions.DefaultChunkSize,
        HttpMessageHandler? handler = null)
    {
        var http = TestRegistryClients.NewHttpClient(handler);
        return (http, TestRegistryClients.Create(http, [server.Host], maxAttempts: maxAttempts, chunkSize: chunkSize));
    }

    public static async Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    public static Task WriteManifestAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = OciMediaTypes.ImageManifest;
        return WriteAsync(context, body);
    }

    public static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
