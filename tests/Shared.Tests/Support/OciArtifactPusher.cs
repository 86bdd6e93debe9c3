using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Pushes an OCI artifact that is not a container image (a WASM module, a generic OCI 1.1 artifact, a referrer with a
/// subject) to a registry on 127.0.0.1, the way `oras push` does: blobs first, then the manifest, by tag or by digest.
/// </summary>
public static class OciArtifactPusher
{
    public static async Task<(Digest Digest, byte[] ManifestBytes)> PushAsync(
        string registry,
        string repository,
        string? tag,
        string configMediaType,
        byte[] config,
        IReadOnlyList<(string MediaType, byte[] Content)> layers,
        string? artifactType = null,
        OciDescriptor? subject = null)
    {
        using var http = new HttpClient();
        var client = TestRegistryClients.Create(http, [registry]);
        foreach (var blob in layers.Select(l => l.Content).Prepend(config))
        {
            await client.UploadBlobAsync(registry, repository, Digest.Compute(blob), blob.Length, () => new MemoryStream(blob));
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
        };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        manifest["config"] = Descriptor(configMediaType, config);
        manifest["layers"] = new JsonArray([.. layers.Select(l => Descriptor(l.MediaType, l.Content))]);
        if (subject is not null)
        {
            manifest["subject"] = new JsonObject
            {
                ["mediaType"] = subject.MediaType,
                ["digest"] = subject.Digest.Value,
                ["size"] = subject.Size,
            };
        }

        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var digest = Digest.Compute(bytes);
        await client.PutManifestAsync(registry, repository, tag ?? digest.Value, OciMediaTypes.ImageManifest, bytes);
        return (digest, bytes);
    }

    private static JsonObject Descriptor(string mediaType, byte[] content) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Digest.Compute(content).Value,
        ["size"] = content.Length,
    };
}
