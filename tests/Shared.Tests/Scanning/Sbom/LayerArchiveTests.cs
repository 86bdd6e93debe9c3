using System.Formats.Tar;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

/// <summary>Layer shapes written entry by entry: opaque directories, links, hostile names and sizes.</summary>
public sealed class LayerArchiveTests
{
    private static string Lock(string name) =>
        "{\"lockfileVersion\":3,\"packages\":{\"node_modules/" + name + "\":{\"version\":\"1.0.0\"}}}";

    [Test]
    public async Task ReadAsync_OpaqueDirectory_HidesLowerContentButKeepsItsOwn()
    {
        var layers = new TarLayers()
            .AddFiles(("a/x/package-lock.json", Lock("lower-a")), ("b/package-lock.json", Lock("lower-b")))
            .AddFiles(("a/.wh..wh..opq", string.Empty), ("a/y/package-lock.json", Lock("upper-a")));

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(Names(inventory), Is.EqualTo(new[] { "lower-b", "upper-a" }));
    }

    [Test]
    public async Task ReadAsync_WhiteoutAndNewFileInSameLayer_KeepsTheNewFile()
    {
        var layers = new TarLayers()
            .AddFiles(("./app/package-lock.json", Lock("old")))
            .AddFiles(("/.wh.app", string.Empty), ("app/package-lock.json", Lock("new")));

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(Names(inventory), Is.EqualTo(new[] { "new" }));
        Assert.That(inventory.Packages[0].Layer, Is.EqualTo(layers.Layers[1].Digest));
    }

    [Test]
    public async Task ReadAsync_FileReplacedByDirectoryOrSymlinkToAnUnkeptFile_IsGone()
    {
        var layers = new TarLayers()
            .AddFiles(("one/package-lock.json", Lock("one")), ("two/package-lock.json", Lock("two")))
            .Add(w =>
            {
                TarLayers.Directory(w, "one/package-lock.json");
                TarLayers.Link(w, TarEntryType.SymbolicLink, "two/package-lock.json", "/etc/passwd");
            });

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(inventory.Packages, Is.Empty);
        Assert.That(inventory.Warnings, Has.One.Contains("'two/package-lock.json' is a symbolic link to 'etc/passwd'"));
    }

    [TestCase("../usr/lib/os-release")]
    [TestCase("/usr/lib/os-release")]
    [TestCase("../../../../../usr/lib/os-release")]
    public async Task ReadAsync_OsReleaseSymlink_ResolvesInsideTheImage(string target)
    {
        var layers = new TarLayers()
            .Add(w => TarLayers.File(w, "usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n"))
            .Add(w =>
            {
                TarLayers.Link(w, TarEntryType.SymbolicLink, "etc/os-release", target);
                TarLayers.File(w, "var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13\n");
            });

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(inventory.OperatingSystem?.Path, Is.EqualTo("usr/lib/os-release"));
        Assert.That(inventory.Packages.Single().Package.Purl, Is.EqualTo("pkg:deb/debian/zlib1g@1:1.2.13?distro=debian-12"));
    }

    [Test]
    public async Task ReadAsync_HardLinkToKeptFile_ReadsItsContent()
    {
        var layers = new TarLayers().Add(w =>
        {
            TarLayers.File(w, "a/package-lock.json", Lock("linked"));
            TarLayers.Link(w, TarEntryType.HardLink, "b/package-lock.json", "a/package-lock.json");
            TarLayers.File(w, "c/notes.txt", "x");
            TarLayers.Link(w, TarEntryType.HardLink, "c/package-lock.json", "c/notes.txt");
        });

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(inventory.Packages.Select(p => p.Path), Is.EqualTo(new[] { "a/package-lock.json", "b/package-lock.json" }));
        Assert.That(inventory.Warnings, Has.One.Contains("'c/package-lock.json'").And.Contains("hard link"));
    }

    [Test]
    public async Task ReadAsync_EntryNameWithDotDot_IsIgnored()
    {
        var layers = new TarLayers().Add(w => TarLayers.File(w, "app/../../package-lock.json", Lock("escape")));

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(inventory.Packages, Is.Empty);
    }

    [Test]
    public async Task ReadAsync_ZstdAndPlainTarLayers_ZstdReportedUnreadablePlainRead()
    {
        var layers = new TarLayers()
            .Add(w => TarLayers.File(w, "app/package-lock.json", Lock("plain")), gzip: false)
            .AddBlob([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0], OciMediaTypes.ImageLayerZstd);

        var inventory = await ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync);

        Assert.That(Names(inventory), Is.EqualTo(new[] { "plain" }));
        Assert.That(inventory.IsComplete, Is.False);
        Assert.That(inventory.UnreadableLayers.Single().Layer, Is.EqualTo(layers.Layers[1].Digest));
        Assert.That(inventory.UnreadableLayers.Single().Reason, Does.Contain("zstd"));
    }

    [Test]
    public void ReadAsync_MoreKeptFilesThanTheLimit_Refuses()
    {
        var layers = new TarLayers().Add(w =>
        {
            for (var i = 0; i < 3; i++)
            {
                TarLayers.File(w, $"app{i}/package-lock.json", Lock($"p{i}"));
            }
        });

        var error = Assert.ThrowsAsync<SbomException>(() =>
            ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync, new InventoryLimits(MaxKeptFiles: 2)));

        Assert.That(error.Reason, Is.EqualTo(SbomError.TooManyFiles));
        Assert.That(error.Message, Does.Contain("app2/package-lock.json"));
    }

    [Test]
    public void ReadAsync_GzipLayerThatIsNotATar_RefusesAsUnreadable()
    {
        var layers = new TarLayers().AddBlob([1, 2, 3, 4, 5, 6, 7, 8], OciMediaTypes.DockerLayerGzip);

        var error = Assert.ThrowsAsync<SbomException>(() => ImageInventory.ReadAsync(layers.Layers, layers.OpenBlobAsync));

        Assert.That(error.Reason, Is.EqualTo(SbomError.LayerUnreadable));
        Assert.That(error.Message, Does.Contain(layers.Layers[0].Digest.Value));
    }

    private static string[] Names(PackageInventory inventory) =>
        [.. inventory.Packages.Select(p => p.Package.Name).Order(StringComparer.Ordinal)];
}
