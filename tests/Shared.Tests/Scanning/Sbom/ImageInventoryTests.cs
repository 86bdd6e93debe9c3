using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

/// <summary>Inventories of images built with the real umoci, read from the OCI layout's blobs.</summary>
public sealed class ImageInventoryTests
{
    private const string NpmLock = """
        {"name":"app","lockfileVersion":3,"packages":{
          "":{"name":"app","version":"1.0.0"},
          "node_modules/left-pad":{"version":"1.3.0"},
          "node_modules/@babel/core":{"version":"7.24.0"}}}
        """;

    [Test]
    public async Task ReadAsync_DpkgPackageRemovedInLaterLayer_ListsTheFinalPackagesFromTheUpperLayer()
    {
        using var image = await ImageOfFixturesAsync(("etc/os-release", "debian-os-release"), ("var/lib/dpkg/status", "dpkg-status"));
        var stanzas = File.ReadAllText(UmociImage.FixturePath("dpkg-status")).Split("\n\n");
        var withoutTzdata = stanzas.Where(s => !s.StartsWith("Package: tzdata\n", StringComparison.Ordinal));
        image.Write("var/lib/dpkg/status", string.Join("\n\n", withoutTzdata));
        await image.RepackAsync("two");

        var before = await ImageInventory.ReadAsync(image.Layers("one"), image.OpenBlobAsync);
        var after = await ImageInventory.ReadAsync(image.Layers("two"), image.OpenBlobAsync);

        Assert.That(Names(before), Is.EqualTo(new[] { "base-files", "bash", "libc6", "libssl3", "tzdata" }));
        Assert.That(Names(after), Is.EqualTo(new[] { "base-files", "bash", "libc6", "libssl3" }));
        var libssl = after.Packages.Single(p => p.Package.Name == "libssl3");
        var layers = image.Layers("two");
        Assert.Multiple(() =>
        {
            Assert.That(libssl.Layer, Is.EqualTo(layers[^1].Digest));
            Assert.That(libssl.Path, Is.EqualTo("var/lib/dpkg/status"));
            Assert.That(libssl.Package, Is.EqualTo(new PackageCoordinate(
                "Debian",
                "libssl3",
                "3.0.22-1~deb12u2",
                "pkg:deb/debian/libssl3@3.0.22-1~deb12u2?arch=amd64&distro=debian-12",
                "openssl",
                null,
                "debian-12")));
            Assert.That(after.OperatingSystem?.Release.Distro, Is.EqualTo("debian-12"));
            Assert.That(after.OperatingSystem?.Layer, Is.EqualTo(layers[^2].Digest));
            Assert.That(after.IsComplete, Is.True);
        });
    }

    [Test]
    public async Task ReadAsync_LockFileAndDirectoryDeletedInUpperLayer_WhiteoutsDropTheirPackages()
    {
        using var image = await UmociImage.CreateAsync();
        image.Write("app/package-lock.json", NpmLock);
        image.Write("srv/node_modules/x/package-lock.json", NpmLock.Replace("left-pad", "right-pad", StringComparison.Ordinal));
        image.Write("opt/tool/package-lock.json", NpmLock.Replace("left-pad", "up-pad", StringComparison.Ordinal));
        await image.RepackAsync("one");
        image.Delete("app/package-lock.json");
        Directory.Delete(Path.Combine(image.Rootfs, "srv"), recursive: true);
        await image.RepackAsync("two");

        var before = await ImageInventory.ReadAsync(image.Layers("one"), image.OpenBlobAsync);
        var after = await ImageInventory.ReadAsync(image.Layers("two"), image.OpenBlobAsync);

        Assert.That(before.Packages.Select(p => p.Path).Distinct(), Has.Exactly(3).Items);
        Assert.That(after.Packages.Select(p => p.Path).Distinct(), Is.EqualTo(new[] { "opt/tool/package-lock.json" }));
        Assert.That(Names(after), Is.EqualTo(new[] { "@babel/core", "up-pad" }));
    }

    [Test]
    public async Task ReadAsync_DistrolessStatusDirectory_ListsEachPackageFile()
    {
        using var image = await UmociImage.CreateAsync();
        image.WriteFixture("etc/os-release", "debian-os-release");
        var stanzas = File.ReadAllText(UmociImage.FixturePath("dpkg-status")).Split("\n\n");
        image.Write("var/lib/dpkg/status.d/libc6", stanzas.Single(s => s.StartsWith("Package: libc6\n", StringComparison.Ordinal)));
        image.Write("var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2025b-0+deb12u2\nArchitecture: all\n");
        image.Write("var/lib/dpkg/status.d/libc6.md5sums", "d41d8cd98f00b204e9800998ecf8427e  lib/x86_64-linux-gnu/libc.so.6\n");
        await image.RepackAsync("one");

        var inventory = await ImageInventory.ReadAsync(image.Layers("one"), image.OpenBlobAsync);

        Assert.That(inventory.Packages.Select(p => (p.Package.Name, p.Path)), Is.EquivalentTo(new[]
        {
            ("libc6", "var/lib/dpkg/status.d/libc6"),
            ("tzdata", "var/lib/dpkg/status.d/tzdata"),
        }));
        Assert.That(inventory.Packages.Single(p => p.Package.Name == "libc6").Package.SourceName, Is.EqualTo("glibc"));
    }

    [Test]
    public async Task ReadAsync_AlpineImage_ListsApkPackagesWithTheirOrigin()
    {
        using var image = await ImageOfFixturesAsync(("etc/os-release", "alpine-os-release"), ("lib/apk/db/installed", "apk-installed"));

        var inventory = await ImageInventory.ReadAsync(image.Layers("one"), image.OpenBlobAsync);

        Assert.That(inventory.Packages.Select(p => p.Package), Is.EquivalentTo(new[]
        {
            new PackageCoordinate("Alpine", "musl", "1.2.4_git20230717-r4",
                "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19", "musl", null, "alpine-3.19"),
            new PackageCoordinate("Alpine", "busybox", "1.36.1-r15",
                "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19", "busybox", null, "alpine-3.19"),
            new PackageCoordinate("Alpine", "libcrypto3", "3.1.4-r2",
                "pkg:apk/alpine/libcrypto3@3.1.4-r2?arch=x86_64&distro=alpine-3.19", "openssl", null, "alpine-3.19"),
        }));
    }

    [Test]
    public async Task ReadAsync_EveryLockFileKind_ListsItsPackagesWithPath()
    {
        using var image = await UmociImage.CreateAsync();
        image.Write("app/package-lock.json", NpmLock);
        image.Write(
            "legacy/package-lock.json",
            """{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","dependencies":{"b":{"version":"2.0.0"}}}}}""");
        image.Write("dotnet/App.deps.json", """
            {"libraries":{"App/1.0.0":{"type":"project"},"Newtonsoft.Json/13.0.1":{"type":"package","sha512":"x"}}}
            """);
        image.Write("py/requirements-prod.txt", "Django==4.2.7\nrequests>=2\n");
        image.Write(
            "usr/lib/python3/site-packages/Jinja2-3.1.2.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\n\nBody\n");
        await image.RepackAsync("one");

        var inventory = await ImageInventory.ReadAsync(image.Layers("one"), image.OpenBlobAsync);

        Assert.That(inventory.Packages.Select(p => (p.Path, p.Package.Ecosystem, p.Package.Purl)), Is.EquivalentTo(new[]
        {
            ("app/package-lock.json", "npm", "pkg:npm/left-pad@1.3.0"),
            ("app/package-lock.json", "npm", "pkg:npm/%40babel/core@7.24.0"),
            ("legacy/package-lock.json", "npm", "pkg:npm/a@1.0.0"),
            ("legacy/package-lock.json", "npm", "pkg:npm/b@2.0.0"),
            ("dotnet/App.deps.json", "NuGet", "pkg:nuget/Newtonsoft.Json@13.0.1"),
            ("py/requirements-prod.txt", "PyPI", "pkg:pypi/django@4.2.7"),
            ("usr/lib/python3/site-packages/Jinja2-3.1.2.dist-info/METADATA", "PyPI", "pkg:pypi/jinja2@3.1.2"),
        }));
    }

    [Test]
    public async Task ReadAsync_KeptFileOverItsCap_RefusesNamingTheFile()
    {
        using var image = await UmociImage.CreateAsync();
        image.Write("srv/requirements.txt", new string('#', (8 * 1024 * 1024) + 1));
        await image.RepackAsync("one");

        var error = Assert.ThrowsAsync<SbomException>(() => ImageInventory.ReadAsync(image.Layers("one"), image.OpenBlobAsync));

        Assert.That(error.Reason, Is.EqualTo(SbomError.FileTooLarge));
        Assert.That(error.Message, Does.Contain("'srv/requirements.txt'").And.Contain(image.Layers("one")[0].Digest.Value));
    }

    /// <summary>A one-layer image (tag "one") of fixture files.</summary>
    private static async Task<UmociImage> ImageOfFixturesAsync(params (string Path, string Fixture)[] files)
    {
        var image = await UmociImage.CreateAsync();
        foreach (var (path, fixture) in files)
        {
            image.WriteFixture(path, fixture);
        }

        await image.RepackAsync("one");
        return image;
    }

    private static string[] Names(PackageInventory inventory) =>
        [.. inventory.Packages.Select(p => p.Package.Name).Order(StringComparer.Ordinal)];
}
