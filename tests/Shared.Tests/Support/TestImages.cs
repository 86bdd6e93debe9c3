using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Builds real OCI images without Docker (a hand-written OCI layout) and pushes them to a registry
/// with the real <c>skopeo copy</c>, returning the digests the registry must then serve.
/// </summary>
public static class TestImages
{
    /// <summary>linux/amd64.</summary>
    public static OciPlatform LinuxAmd64 { get; } = new() { Os = "linux", Architecture = "amd64" };

    /// <summary>linux/arm64.</summary>
    public static OciPlatform LinuxArm64 { get; } = new() { Os = "linux", Architecture = "arm64" };

    /// <summary>
    /// Pushes a single-platform image made of <paramref name="layers"/> (one file each) as
    /// <c>registryHost/repository:tag</c>. Give two images the same first <see cref="TestLayer"/> to
    /// make them share a base layer.
    /// </summary>
    public static async Task<TestImage> PushImageAsync(
        string registryHost,
        string repository,
        string tag,
        IReadOnlyList<TestLayer> layers,
        OciPlatform? platform = null,
        CancellationToken ct = default)
    {
        platform ??= LinuxAmd64;
        var directory = NewLayoutDirectory();
        try
        {
            var writer = new OciLayoutWriter(directory);
            var (manifest, bytes, config, layerDescriptors) = writer.WriteImage(layers, platform);
            writer.WriteLayoutIndex(manifest, tag);
            var reference = ImageReference.Create(registryHost, repository, tag, null);
            await Skopeo.CopyAsync($"oci:{directory}:{tag}", $"docker://{reference}", all: false, ct);
            return new TestImage(reference, manifest.Digest, bytes, config, layerDescriptors, platform);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Pushes an OCI index for linux/amd64 and linux/arm64 (<c>skopeo copy --all</c>). Both images
    /// share <see cref="TestLayer.SharedBase"/> and each has a distinct second layer.
    /// </summary>
    public static Task<TestIndex> PushMultiArchAsync(string registryHost, string repository, string tag, CancellationToken ct = default) =>
        PushMultiArchAsync(
            registryHost,
            repository,
            tag,
            [TestLayer.SharedBase, TestLayer.Textual("etc/arch", "amd64\n")],
            [TestLayer.SharedBase, TestLayer.Textual("etc/arch", "arm64\n")],
            ct);

    /// <summary>Pushes an OCI index for linux/amd64 and linux/arm64 with the given layers.</summary>
    public static async Task<TestIndex> PushMultiArchAsync(
        string registryHost,
        string repository,
        string tag,
        IReadOnlyList<TestLayer> amd64Layers,
        IReadOnlyList<TestLayer> arm64Layers,
        CancellationToken ct = default)
    {
        var directory = NewLayoutDirectory();
        try
        {
            var writer = new OciLayoutWriter(directory);
            var reference = ImageReference.Create(registryHost, repository, tag, null);
            var images = new List<TestImage>();
            var manifests = new List<OciDescriptor>();
            foreach (var (platform, layers) in new[] { (LinuxAmd64, amd64Layers), (LinuxArm64, arm64Layers) })
            {
                var (manifest, bytes, config, layerDescriptors) = writer.WriteImage(layers, platform);
                manifests.Add(manifest);
                images.Add(new TestImage(reference.WithDigest(manifest.Digest), manifest.Digest, bytes, config, layerDescriptors, platform));
            }

            var (index, indexBytes) = writer.WriteIndex(manifests);
            writer.WriteLayoutIndex(index, tag);
            await Skopeo.CopyAsync($"oci:{directory}:{tag}", $"docker://{reference}", all: true, ct);
            return new TestIndex(reference, index.Digest, indexBytes, images);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string NewLayoutDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tp-oci-layout-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
