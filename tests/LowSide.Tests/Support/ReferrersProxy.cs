using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>
/// The shared real registry (docker-registry 2.8, which has no referrers API) behind a proxy that answers the OCI 1.1
/// referrers API from what the test registered with <see cref="Add"/>: an honest registry, or one that lies.
/// </summary>
internal sealed class ReferrersProxy : IAsyncDisposable
{
    private const string Marker = "/referrers/";
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly ConcurrentDictionary<string, List<OciDescriptor>> _referrers = new(StringComparer.Ordinal);
    private FakeRegistryServer _server = null!;

    public string Host => _server.Host;

    public static async Task<ReferrersProxy> StartAsync()
    {
        var proxy = new ReferrersProxy();
        proxy._server = await FakeRegistryServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    /// <summary>Lists <paramref name="referrer"/> among the referrers of <paramref name="subject"/>.</summary>
    public void Add(Digest subject, OciDescriptor referrer) => _referrers.GetOrAdd(subject.Value, _ => []).Add(referrer);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var at = path.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            await RegistryProxy.ForwardAsync(context);
            return;
        }

        var listed = _referrers.TryGetValue(path[(at + Marker.Length)..], out var found) ? found : [];
        var index = new ImageIndex { SchemaVersion = 2, MediaType = OciMediaTypes.ImageIndex, Manifests = listed };
        context.Response.ContentType = OciMediaTypes.ImageIndex;
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(index, Json), context.RequestAborted);
    }
}
