using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Writes an OCI image layout by hand (oci-layout, blobs/sha256, index.json): deterministic,
/// no daemon, and fast. Layers are single-file gzip tars with fixed timestamps and owners.
/// </summary>
internal sealed class OciLayoutWriter
{
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory;
    private readonly string _blobs;

    public OciLayoutWriter(string directory)
    {
        _directory = directory;
        _blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(_blobs);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    /// <summary>Writes a single-platform image and returns its manifest descriptor and parts.</summary>
    public (OciDescriptor Manifest, byte[] ManifestBytes, OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers) WriteImage(
        IReadOnlyList<TestLayer> layers,
        OciPlatform platform)
    {
        var layerDescriptors = new List<OciDescriptor>();
        var diffIds = new List<string>();
        foreach (var layer in layers)
        {
            var (descriptor, diffId) = WriteLayer(layer);
            layerDescriptors.Add(descriptor);
            diffIds.Add(diffId.Value);
        }

        var config = WriteBlob(Json(w =>
        {
            w.WriteString("created", FixedTime);
            w.WriteString("architecture", platform.Architecture);
            w.WriteString("os", platform.Os);
            w.WriteStartObject("config");
            w.WriteStartArray("Env");
            w.WriteStringValue("PATH=/usr/local/bin:/usr/bin:/bin");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            diffIds.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
        }), OciMediaTypes.ImageConfig);

        var manifestBytes = Json(w =>
        {
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", OciMediaTypes.ImageManifest);
            w.WritePropertyName("config");
            WriteDescriptor(w, config);
            w.WriteStartArray("layers");
            layerDescriptors.ForEach(d => WriteDescriptor(w, d));
            w.WriteEndArray();
        });
        var manifest = WriteBlob(manifestBytes, OciMediaTypes.ImageManifest) with { Platform = platform };
        return (manifest, manifestBytes, config, layerDescriptors);
    }

    /// <summary>Writes an OCI index over <paramref name="manifests"/> (which carry their platforms).</summary>
    public (OciDescriptor Index, byte[] IndexBytes) WriteIndex(IReadOnlyList<OciDescriptor> manifests)
    {
        var bytes = Json(w =>
        {
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", OciMediaTypes.ImageIndex);
            w.WriteStartArray("manifests");
            foreach (var manifest in manifests)
            {
                WriteDescriptor(w, manifest);
            }

            w.WriteEndArray();
        });
        return (WriteBlob(bytes, OciMediaTypes.ImageIndex), bytes);
    }

    /// <summary>Writes index.json naming <paramref name="root"/> as <paramref name="tag"/>.</summary>
    public void WriteLayoutIndex(OciDescriptor root, string tag)
    {
        var bytes = Json(w =>
        {
            w.WriteNumber("schemaVersion", 2);
            w.WriteStartArray("manifests");
            WriteDescriptor(w, root with { Platform = null, Annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag } });
            w.WriteEndArray();
        });
        File.WriteAllBytes(Path.Combine(_directory, "index.json"), bytes);
    }

    private (OciDescriptor Descriptor, Digest DiffId) WriteLayer(TestLayer layer)
    {
        var contentPath = Path.Combine(_directory, "content-" + Guid.NewGuid().ToString("N"));
        var layerPath = Path.Combine(_directory, "layer-" + Guid.NewGuid().ToString("N"));
        WriteLayerContent(layer, contentPath);
        byte[] diffId;
        using (var file = File.Create(layerPath))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var hashing = new HashingWriteStream(gzip))
        {
            using (var tar = new TarWriter(hashing, TarEntryFormat.Ustar, leaveOpen: true))
            using (var data = File.OpenRead(contentPath))
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, layer.Path)
                {
                    DataStream = data,
                    ModificationTime = FixedTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    Uid = 0,
                    Gid = 0,
                });
            }

            diffId = hashing.GetHash();
        }

        File.Delete(contentPath);
        var digest = HashFile(layerPath);
        var size = new FileInfo(layerPath).Length;
        File.Move(layerPath, Path.Combine(_blobs, digest.Hex), overwrite: true);
        return (new OciDescriptor { MediaType = OciMediaTypes.ImageLayerGzip, Digest = digest, Size = size }, Digest.FromSha256Hash(diffId));
    }

    private static void WriteLayerContent(TestLayer layer, string path)
    {
        using var file = File.Create(path);
        if (layer.Text is { } text)
        {
            file.Write(Encoding.UTF8.GetBytes(text));
            return;
        }

        var random = new Random(layer.Seed!.Value);
        var buffer = new byte[1024 * 1024];
        for (var remaining = layer.Size; remaining > 0; remaining -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, remaining));
        }
    }

    private OciDescriptor WriteBlob(byte[] bytes, string mediaType)
    {
        var digest = Digest.Compute(bytes);
        File.WriteAllBytes(Path.Combine(_blobs, digest.Hex), bytes);
        return new OciDescriptor { MediaType = mediaType, Digest = digest, Size = bytes.Length };
    }

    private static Digest HashFile(string path)
    {
        using var file = File.OpenRead(path);
        return Digest.FromSha256Hash(SHA256.HashData(file));
    }

    private static void WriteDescriptor(Utf8JsonWriter writer, OciDescriptor descriptor)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", descriptor.MediaType);
        writer.WriteString("digest", descriptor.Digest.Value);
        writer.WriteNumber("size", descriptor.Size);
        if (descriptor.Platform is { } platform)
        {
            writer.WriteStartObject("platform");
            writer.WriteString("architecture", platform.Architecture);
            writer.WriteString("os", platform.Os);
            writer.WriteEndObject();
        }

        if (descriptor.Annotations is { } annotations)
        {
            writer.WriteStartObject("annotations");
            foreach (var (key, value) in annotations)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
