using System.Text.Json;
using System.Text.Json.Serialization;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>
/// Pushes OCI artifacts that are not container images to the shared real registry, as `oras push` or `helm push` would:
/// the config and layer blobs, then the manifest (or an index of manifests) under a tag or by digest.
/// </summary>
internal sealed class TestArtifacts : IDisposable
{
    public const string WasmConfig = "application/vnd.wasm.config.v0+json";
    public const string WasmLayer = "application/vnd.module.wasm.content.layer.v1+wasm";
    public const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    public const string HelmLayer = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    public const string EmptyConfig = "application/vnd.oci.empty.v1+json";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http = TestRegistryClients.NewHttpClient();

    public TestArtifacts() => Client = TestRegistryClients.Create(_http, [Registry]);

    public static string Registry => SharedServers.Registry.Host;

    public RegistryClient Client { get; }

    /// <summary>A tag no other test uses.</summary>
    public static string NewTag() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>Pushes the blobs, then the manifest under <paramref name="reference"/> (a tag, or null: by its digest).</summary>
    public async Task<OciDescriptor> PushManifestAsync(
        string repository,
        string? reference,
        (string MediaType, byte[] Bytes) config,
        IReadOnlyList<(string MediaType, byte[] Bytes)> layers,
        string? artifactType = null,
        OciDescriptor? subject = null)
    {
        foreach (var (_, blob) in layers.Prepend(config))
        {
            await Client.UploadBlobAsync(Registry, repository, Digest.Compute(blob), blob.Length, () => new MemoryStream(blob));
        }

        var manifest = JsonSerializer.SerializeToUtf8Bytes(new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = OciMediaTypes.ImageManifest,
            ArtifactType = artifactType,
            Config = Describe(config.MediaType, config.Bytes),
            Layers = [.. layers.Select(l => Describe(l.MediaType, l.Bytes))],
            Subject = subject,
        }, Json);
        return await PutAsync(repository, reference, OciMediaTypes.ImageManifest, manifest, artifactType);
    }

    public Task<OciDescriptor> PushIndexAsync(string repository, string reference, IReadOnlyList<OciDescriptor> manifests)
    {
        var index = JsonSerializer.SerializeToUtf8Bytes(
            new ImageIndex { SchemaVersion = 2, MediaType = OciMediaTypes.ImageIndex, Manifests = manifests }, Json);
        return PutAsync(repository, reference, OciMediaTypes.ImageIndex, index, null);
    }

    public void Dispose() => _http.Dispose();

    public static OciDescriptor Describe(string mediaType, byte[] bytes) =>
        new() { MediaType = mediaType, Digest = Digest.Compute(bytes), Size = bytes.Length };

    private async Task<OciDescriptor> PutAsync(string repository, string? reference, string mediaType, byte[] bytes, string? artifactType)
    {
        var digest = await Client.PutManifestAsync(Registry, repository, reference ?? Digest.Compute(bytes).Value, mediaType, bytes);
        return new OciDescriptor { MediaType = mediaType, Digest = digest, Size = bytes.Length, ArtifactType = artifactType };
    }
}
