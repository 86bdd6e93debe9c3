using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>A multi-arch image: an OCI index over two single-platform images made by SampleArtifacts.</summary>
internal static class MultiArchImage
{
    public const string IndexType = "application/vnd.oci.image.index.v1+json";

    public static async Task<BatchArtifactInput> AddAsync(ContentStore store, string name, string tag)
    {
        var amd64 = await SampleArtifacts.AddImageAsync(store, name, tag + "-amd64", 50_000, seed: 21);
        var arm64 = await SampleArtifacts.AddImageAsync(store, name, tag + "-arm64", 60_000, seed: 22);
        return await OverAsync(store, name, tag, [(amd64, "amd64"), (arm64, "arm64")]);
    }

    /// <summary>An index tagged <paramref name="tag"/> over <paramref name="platforms"/> (each an image artifact and its architecture).</summary>
    public static async Task<BatchArtifactInput> OverAsync(ContentStore store, string name, string tag,
        IReadOnlyList<(BatchArtifactInput Image, string Architecture)> platforms)
    {
        var entries = string.Join(",", platforms.Select(p => Entry(p.Image, p.Architecture)));
        var index = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{IndexType}}","manifests":[{{entries}}]}""");
        using var stream = new MemoryStream(index);
        var stored = await store.PutAsync(stream, null, null, null, CancellationToken.None);
        return platforms[0].Image with
        {
            Digest = stored.Digest,
            MediaType = IndexType,
            Name = name,
            Version = tag,
            Source = $"127.0.0.1:5000/{name}:{tag}",
            Blobs = [new BlobInput(stored.Digest, stored.Size), .. platforms.SelectMany(p => p.Image.Blobs).DistinctBy(b => b.Digest)],
            Attachments = [],
        };
    }

    private static string Entry(BatchArtifactInput image, string architecture) =>
        $$$"""{"mediaType":"{{{SampleArtifacts.OciManifestType}}}","digest":"{{{image.Digest}}}","size":"""
        + $$$"""{{{image.Blobs[0].Size}}},"platform":{"architecture":"{{{architecture}}}","os":"linux"}}""";
}
