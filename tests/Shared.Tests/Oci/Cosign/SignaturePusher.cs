using System.Text.Json;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>
/// Builds cosign signature manifests as cosign builds them (a config blob, one simple-signing layer per signature),
/// and pushes them with their blobs to a real registry through <see cref="RegistryClient"/>.
/// </summary>
public sealed class SignaturePusher(RegistryClient client, string registry, string repository)
{
    private static readonly byte[] Config = """{"architecture":"","os":"","config":{},"rootfs":{"type":"layers"}}"""u8.ToArray();

    /// <summary>
    /// The manifest bytes and every blob it needs; with <paramref name="subject"/> the manifest is an OCI 1.1 referrer of it.
    /// </summary>
    public static (byte[] Manifest, IReadOnlyDictionary<Digest, byte[]> Blobs) Build(
        IReadOnlyList<SignatureLayer> layers,
        OciDescriptor? subject = null,
        string? artifactType = null)
    {
        var blobs = new Dictionary<Digest, byte[]> { [Digest.Compute(Config)] = Config };
        foreach (var layer in layers)
        {
            blobs[Digest.Compute(layer.Payload)] = layer.Payload;
        }

        return (ManifestJson(layers, subject, artifactType), blobs);
    }

    /// <summary>
    /// Pushes the blobs, then the manifest under <paramref name="reference"/> (default: the .sig tag of the image), naming
    /// <paramref name="subject"/> when given (as a registry that re-wraps what cosign wrote would).
    /// </summary>
    public async Task<(Digest Digest, ImageManifest Manifest)> PushAsync(
        Digest image,
        IReadOnlyList<SignatureLayer> layers,
        string? reference = null,
        OciDescriptor? subject = null,
        CancellationToken ct = default)
    {
        var (bytes, blobs) = Build(layers, subject);
        foreach (var (digest, blob) in blobs)
        {
            await client.UploadBlobAsync(registry, repository, digest, blob.Length, () => new MemoryStream(blob), ct);
        }

        var pushed = await client.PutManifestAsync(
            registry,
            repository,
            reference ?? CosignNames.Tag(image, CosignNames.SignatureSuffix),
            OciMediaTypes.ImageManifest,
            bytes,
            ct);
        return (pushed, ImageManifest.Parse(bytes));
    }

    private static byte[] ManifestJson(IReadOnlyList<SignatureLayer> layers, OciDescriptor? subject, string? artifactType)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", OciMediaTypes.ImageManifest);
            if (artifactType is not null)
            {
                w.WriteString("artifactType", artifactType);
            }

            WriteDescriptor(w, "config", OciMediaTypes.ImageConfig, Digest.Compute(Config), Config.Length, signature: null);
            w.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                var digest = Digest.Compute(layer.Payload);
                WriteDescriptor(w, null, CosignNames.SimpleSigningMediaType, digest, layer.Payload.Length, layer.SignatureBase64);
            }

            w.WriteEndArray();
            if (subject is not null)
            {
                WriteDescriptor(w, "subject", subject.MediaType, subject.Digest, subject.Size, signature: null);
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter w, string? name, string mediaType, Digest digest, long size, string? signature)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("mediaType", mediaType);
        w.WriteNumber("size", size);
        w.WriteString("digest", digest.Value);
        if (signature is not null)
        {
            w.WriteStartObject("annotations");
            w.WriteString(CosignNames.SignatureAnnotation, signature);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
