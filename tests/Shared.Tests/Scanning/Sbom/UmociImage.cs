using System.Text.Json;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

/// <summary>
/// An OCI image layout built with the real umoci: an empty image unpacked rootless, files written into its rootfs,
/// each <see cref="RepackAsync"/> adding one layer (umoci writes whiteouts for deleted files). Blobs are read straight
/// from <c>blobs/sha256/HEX</c>.
/// </summary>
internal sealed class UmociImage : IDisposable
{
    private readonly TempDirectory _directory = new("umoci");

    private UmociImage() => Layout = _directory.Combine("layout");

    public string Layout { get; }

    public string Rootfs => _directory.Combine("bundle", "rootfs");

    public static async Task<UmociImage> CreateAsync()
    {
        var image = new UmociImage();
        await UmociAsync("init", "--layout", image.Layout);
        await UmociAsync("new", "--image", $"{image.Layout}:base");
        await UmociAsync("unpack", "--rootless", "--image", $"{image.Layout}:base", image._directory.Combine("bundle"));
        return image;
    }

    public void Write(string path, string content)
    {
        var full = Path.Combine(Rootfs, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void WriteFixture(string path, string fixture) => Write(path, File.ReadAllText(FixturePath(fixture)));

    public void Delete(string path) => File.Delete(Path.Combine(Rootfs, path));

    /// <summary>Packs the rootfs changes since the last repack as a new layer, tagged <paramref name="tag"/>.</summary>
    public Task RepackAsync(string tag) =>
        UmociAsync("repack", "--refresh-bundle", "--image", $"{Layout}:{tag}", _directory.Combine("bundle"));

    /// <summary>The layers of the image tagged <paramref name="tag"/>, bottom first, as its manifest lists them.</summary>
    public IReadOnlyList<OciDescriptor> Layers(string tag)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Layout, "index.json")));
        var entry = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString() == tag);
        var manifest = ImageManifest.Parse(File.ReadAllBytes(BlobPath(Digest.Parse(entry.GetProperty("digest").GetString()!))));
        return manifest.Layers;
    }

    public Task<Stream> OpenBlobAsync(Digest digest, CancellationToken ct) => Task.FromResult<Stream>(File.OpenRead(BlobPath(digest)));

    public static string FixturePath(string name) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Scanning", "Sbom", "Fixtures", name);

    public void Dispose() => _directory.Dispose();

    private string BlobPath(Digest digest) => Path.Combine(Layout, "blobs", "sha256", digest.Hex);

    private static Task<ProcessResult> UmociAsync(params string[] arguments) =>
        ProcessRunner.RunCheckedAsync(new ProcessCommand(ProcessRunner.Require("umoci"), arguments), TimeSpan.FromMinutes(2));
}
