using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Builds real artifacts in a content store: a valid single-platform OCI image and plain files.</summary>
public static class SampleArtifacts
{
    public const string OciManifestType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>An OCI image with one gzip layer holding <paramref name="layerBytes"/> random bytes.</summary>
    public static Task<BatchArtifactInput> AddImageAsync(ContentStore store, string name, string tag, int layerBytes, int seed,
        string requester = "local:alice")
    {
        var payload = new byte[layerBytes];
        new Random(seed).NextBytes(payload);
        return AddImageAsync(store, name, tag, $"data-{seed}.bin", payload, requester);
    }

    /// <summary>An OCI image with one gzip layer holding one file, <paramref name="path"/>, with <paramref name="content"/>.</summary>
    public static Task<BatchArtifactInput> AddImageAsync(ContentStore store, string name, string tag, string path, byte[] content,
        string requester = "local:alice") =>
        AddImageAsync(store, name, tag, [(path, content)], requester);

    /// <summary>An OCI image with one gzip layer holding <paramref name="files"/> (path, content).</summary>
    public static async Task<BatchArtifactInput> AddImageAsync(ContentStore store, string name, string tag,
        IReadOnlyList<(string Path, byte[] Content)> files, string requester = "local:alice")
    {
        var layer = await PutAsync(store, BuildLayer(files));
        var config = await PutAsync(store, Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{layer.DiffId}}}"]}}"""));
        var configDescriptor =
            $$$"""{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config.Digest}}}","size":{{{config.Size}}}}""";
        var layerDescriptor =
            $$$"""{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layer.Blob.Digest}}}","size":{{{layer.Blob.Size}}}}""";
        var manifest = await PutAsync(store, Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"{{{OciManifestType}}}","config":{{{configDescriptor}}},"layers":[{{{layerDescriptor}}}]}"""));
        return new BatchArtifactInput
        {
            Kind = ArtifactKinds.Image,
            Source = $"127.0.0.1:5000/{name}:{tag}",
            Digest = manifest.Digest,
            MediaType = OciManifestType,
            Name = name,
            Version = tag,
            Requester = requester,
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = "needed for tests",
            Blobs = [ToInput(manifest), ToInput(config), ToInput(layer.Blob)],
        };
    }

    /// <summary>A plain file artifact of <paramref name="size"/> pseudo-random bytes.</summary>
    public static async Task<BatchArtifactInput> AddFileAsync(ContentStore store, string fileName, long size, int seed, string requester = "local:bob")
    {
        await using var source = new PseudoRandomStream(size, seed);
        return FileInput(await store.PutAsync(source, null, null, null, CancellationToken.None), fileName, requester);
    }

    /// <summary>A plain file artifact holding <paramref name="content"/>.</summary>
    public static async Task<BatchArtifactInput> AddFileAsync(ContentStore store, string fileName, byte[] content, string requester = "local:bob")
    {
        using var source = new MemoryStream(content);
        return FileInput(await store.PutAsync(source, null, null, null, CancellationToken.None), fileName, requester);
    }

    private static BatchArtifactInput FileInput(StoredBlob blob, string fileName, string requester) =>
        new()
        {
            Kind = ArtifactKinds.File,
            Source = $"http://127.0.0.1/files/{fileName}",
            Digest = blob.Digest,
            Name = fileName,
            Requester = requester,
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = "patch for the lab",
            Blobs = [ToInput(blob)],
        };

    private static BlobInput ToInput(StoredBlob blob) => new(blob.Digest, blob.Size);

    private static async Task<(StoredBlob Blob, string DiffId)> PutAsync(ContentStore store, (byte[] Bytes, string DiffId) content)
    {
        using var stream = new MemoryStream(content.Bytes);
        return (await store.PutAsync(stream, null, null, null, CancellationToken.None), content.DiffId);
    }

    private static async Task<StoredBlob> PutAsync(ContentStore store, byte[] content) =>
        (await PutAsync(store, (content, ""))).Blob;

    private static (byte[] Gzipped, string DiffId) BuildLayer(IReadOnlyList<(string Path, byte[] Content)> files)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(content),
                    ModificationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                };
                writer.WriteEntry(entry);
            }
        }

        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray()));
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        return (gz.ToArray(), diffId);
    }
}
