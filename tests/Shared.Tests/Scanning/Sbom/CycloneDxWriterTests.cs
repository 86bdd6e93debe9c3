using System.Text.Json;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

public sealed class CycloneDxWriterTests
{
    private static readonly Digest Image = Digest.Compute("image manifest"u8);
    private static readonly Digest LowerLayer = Digest.Compute("layer 1"u8);
    private static readonly Digest UpperLayer = Digest.Compute("layer 2"u8);
    private static readonly DateTimeOffset Made = new(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    private static readonly PackageInventory Inventory = new(
        new InventoryOperatingSystem(new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)"), "usr/lib/os-release", LowerLayer),
        [
            new(PackageCoordinates.NpmPackage("@babel/core", "7.24.0"), "app/package-lock.json", UpperLayer),
            new(PackageCoordinates.Deb("bash", "5.2.15-2+b8", "amd64", "bash", "5.2.15-2", new OsRelease("debian", "12", null)),
                "var/lib/dpkg/status", LowerLayer),
            new(PackageCoordinates.NpmPackage("@babel/core", "7.24.0"), "srv/package-lock.json", LowerLayer),
            new(PackageCoordinates.PyPIPackage("Django", "4.2.7"), "requirements.txt", UpperLayer),
        ],
        [new UnreadableLayer(Digest.Compute("zstd"u8), OciMediaTypes.ImageLayerZstd, "zstd-compressed layers are not read")],
        []);

    [Test]
    public async Task WriteAsync_Inventory_WritesRequiredCycloneDxFields()
    {
        using var document = JsonDocument.Parse(await WriteAsync(Inventory, Image));
        var root = document.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("bomFormat").GetString(), Is.EqualTo("CycloneDX"));
            Assert.That(root.GetProperty("specVersion").GetString(), Is.EqualTo("1.5"));
            Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(
                root.GetProperty("serialNumber").GetString(),
                Does.Match("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
            var metadata = root.GetProperty("metadata");
            Assert.That(metadata.GetProperty("timestamp").GetString(), Is.EqualTo("2025-03-04T03:06:07Z"));
            var tool = metadata.GetProperty("tools").GetProperty("components")[0];
            Assert.That(tool.GetProperty("name").GetString(), Is.EqualTo("TransferPipeline"));
            Assert.That(metadata.GetProperty("component").GetProperty("type").GetString(), Is.EqualTo("container"));
            Assert.That(metadata.GetProperty("component").GetProperty("version").GetString(), Is.EqualTo(Image.Value));
            var unreadable = metadata.GetProperty("properties")[0];
            Assert.That(unreadable.GetProperty("name").GetString(), Is.EqualTo(CycloneDx.UnreadableLayerProperty));
        });
    }

    [Test]
    public async Task WriteAsync_Inventory_OneComponentPerPurlSortedWithLayerAndPathProperties()
    {
        using var document = JsonDocument.Parse(await WriteAsync(Inventory, Image));
        var components = document.RootElement.GetProperty("components").EnumerateArray().ToList();

        Assert.That(components.Select(c => c.GetProperty("bom-ref").GetString()), Is.EqualTo(new[]
        {
            "os:debian@12",
            "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12",
            "pkg:npm/%40babel/core@7.24.0",
            "pkg:pypi/django@4.2.7",
        }));
        Assert.That(components[0].GetProperty("type").GetString(), Is.EqualTo("operating-system"));
        Assert.That(components.Skip(1).Select(c => c.GetProperty("type").GetString()), Is.All.EqualTo("library"));
        Assert.That(Properties(components[2]), Is.EqualTo(new[]
        {
            (CycloneDx.LayerProperty, UpperLayer.Value),
            (CycloneDx.PathProperty, "app/package-lock.json"),
            (CycloneDx.LayerProperty, LowerLayer.Value),
            (CycloneDx.PathProperty, "srv/package-lock.json"),
        }));
        Assert.That(Properties(components[1]), Does.Contain((CycloneDx.SourceVersionProperty, "5.2.15-2")));
    }

    [Test]
    public async Task WriteAsync_SameInputTwice_WritesIdenticalBytes()
    {
        var first = await WriteAsync(Inventory, Image);
        var reordered = Inventory with { Packages = [.. Inventory.Packages.Reverse()] };

        Assert.That(await WriteAsync(reordered, Image), Is.EqualTo(first));
        Assert.That(await WriteAsync(Inventory, Digest.Compute("another image"u8)), Is.Not.EqualTo(first));
    }

    [Test]
    public async Task WriteAsync_ThenRead_GivesTheSamePackages()
    {
        using var stream = new MemoryStream(await WriteAsync(Inventory, Image));

        var contents = await CycloneDxReader.ReadAsync(stream);

        var expected = Inventory.Packages.Select(p => p.Package).Distinct().OrderBy(p => p.Purl, StringComparer.Ordinal);
        Assert.That(contents.Packages, Is.EqualTo(expected));
        Assert.That(contents.SkippedComponents, Is.EqualTo(1), "the operating-system component has no purl");
    }

    private static async Task<byte[]> WriteAsync(PackageInventory inventory, Digest image)
    {
        using var stream = new MemoryStream();
        await CycloneDxWriter.WriteAsync(stream, new SbomSubject("registry.test/team/app", image, Made), inventory);
        return stream.ToArray();
    }

    private static (string?, string?)[] Properties(JsonElement component) =>
        [
            .. component.GetProperty("properties").EnumerateArray()
                .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("value").GetString())),
        ];
}
