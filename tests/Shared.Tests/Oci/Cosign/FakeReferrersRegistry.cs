using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>
/// A registry with the OCI 1.1 referrers API (docker-registry 2.8 has none), serving one repository from memory:
/// manifests by tag or digest, blobs, and referrers pages linked by <c>Link: rel="next"</c>. Manifest PUTs are stored
/// (blobs are not checked) and answered with <c>OCI-Subject</c> for a manifest with a subject, as the spec asks.
/// </summary>
internal sealed class FakeReferrersRegistry : IAsyncDisposable
{
    public const string Repository = "app";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Dictionary<string, (string MediaType, byte[] Bytes)> _manifests = [];
    private readonly Dictionary<Digest, byte[]> _blobs = [];
    private FakeRegistryServer _server = null!;

    /// <summary>Referrers pages; null makes the API answer 404 as a registry without it does.</summary>
    public List<List<OciDescriptor>>? ReferrerPages { get; set; } = [];

    /// <summary>False makes manifest PUTs leave out <c>OCI-Subject</c>, as a registry that ignores subjects does.</summary>
    public bool AcknowledgesSubjects { get; set; } = true;

    public string Host => _server.Host;

    public IReadOnlyList<string> Requests => _server.Requests;

    public static async Task<FakeReferrersRegistry> StartAsync()
    {
        var registry = new FakeReferrersRegistry();
        registry._server = await FakeRegistryServer.StartAsync(registry.HandleAsync);
        return registry;
    }

    /// <summary>Stores a manifest and its blobs; returns its descriptor. A tag, when given, also names it.</summary>
    public OciDescriptor Add(byte[] manifest, IReadOnlyDictionary<Digest, byte[]> blobs, string? tag = null, string? artifactType = null)
    {
        var digest = Digest.Compute(manifest);
        _manifests[digest.Value] = (OciMediaTypes.ImageManifest, manifest);
        if (tag is not null)
        {
            _manifests[tag] = (OciMediaTypes.ImageManifest, manifest);
        }

        foreach (var (blobDigest, blob) in blobs)
        {
            _blobs[blobDigest] = blob;
        }

        return new OciDescriptor
        {
            MediaType = OciMediaTypes.ImageManifest,
            Digest = digest,
            Size = manifest.Length,
            ArtifactType = artifactType,
        };
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var parts = context.Request.Path.Value!.Split('/', 5);
        if (parts is not ["", "v2", Repository, _, _])
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (kind, reference) = (parts[3], parts[4]);
        switch (kind)
        {
            case "manifests" when HttpMethods.IsPut(context.Request.Method):
                await StoreManifestAsync(context, reference);
                return;
            case "manifests" when _manifests.TryGetValue(reference, out var manifest):
                context.Response.ContentType = manifest.MediaType;
                context.Response.Headers["Docker-Content-Digest"] = Digest.Compute(manifest.Bytes).Value;
                await context.Response.Body.WriteAsync(manifest.Bytes);
                return;
            case "blobs" when Digest.TryParse(reference, out var digest, out _) && _blobs.TryGetValue(digest, out var blob):
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(blob);
                return;
            case "referrers" when ReferrerPages is not null:
                await WriteReferrersPageAsync(context, reference);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""");
                return;
        }
    }

    private async Task StoreManifestAsync(HttpContext context, string reference)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        _manifests[reference] = (context.Request.ContentType ?? OciMediaTypes.ImageManifest, bytes);
        var digest = Digest.Compute(bytes);
        _manifests[digest.Value] = _manifests[reference];
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers["Docker-Content-Digest"] = digest.Value;
        using var document = JsonDocument.Parse(bytes);
        if (AcknowledgesSubjects && document.RootElement.TryGetProperty("subject", out var subject))
        {
            context.Response.Headers["OCI-Subject"] = subject.GetProperty("digest").GetString();
        }
    }

    private async Task WriteReferrersPageAsync(HttpContext context, string subject)
    {
        var page = int.TryParse(context.Request.Query["page"], out var n) ? n : 0;
        if (page + 1 < ReferrerPages!.Count)
        {
            context.Response.Headers.Link = $"</v2/{Repository}/referrers/{subject}?page={page + 1}>; rel=\"next\"";
        }

        context.Response.ContentType = OciMediaTypes.ImageIndex;
        var index = new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = OciMediaTypes.ImageIndex,
            Manifests = page < ReferrerPages.Count ? ReferrerPages[page] : [],
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, index, Json);
    }

}
