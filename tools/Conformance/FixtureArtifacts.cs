using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Conformance;

/// <summary>
/// The small artifacts the base batches carry, stored in a content store (the writer's blob source): two OCI images
/// sharing a layer (one an index), a cosign signature of one, a file, a chart archive, a ClamAV database file and two
/// Debian packages with their package set, two npm packages with theirs, and two NuGet packages with theirs.
/// Every byte is fixed, so every run stores the same blobs.
/// </summary>
internal sealed class FixtureArtifacts(ContentStore store)
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public BatchArtifactInput App { get; private set; } = null!;
    public BatchArtifactInput Tool { get; private set; } = null!;
    public BatchArtifactInput SignedTool { get; private set; } = null!;
    public BatchArtifactInput Patch { get; private set; } = null!;
    public BatchArtifactInput Chart { get; private set; } = null!;
    public BatchArtifactInput ClamAv { get; private set; } = null!;

    /// <summary>Two Debian packages (one needing the other) under their package set.</summary>
    public BatchArtifactInput Debian { get; private set; } = null!;

    /// <summary>Two npm packages (one scoped) under their package set, requested as pins.</summary>
    public BatchArtifactInput Npm { get; private set; } = null!;

    /// <summary>A Python wheel and sdist of one release and a wheel of another under their package set, requested as pins.</summary>
    public BatchArtifactInput PyPI { get; private set; } = null!;
    /// <summary>Two NuGet packages under their package set, requested as a lock file's label.</summary>
    public BatchArtifactInput NuGet { get; private set; } = null!;

    /// <summary>A file of 96 KiB: larger than a small volume, so it is chunked across two.</summary>
    public BatchArtifactInput Big { get; private set; } = null!;

    /// <summary>A file of 40,000 bytes: three chunks (16 KiB, 16 KiB, the rest) with a 16 KiB chunk size.</summary>
    public BatchArtifactInput Medium { get; private set; } = null!;

    /// <summary>The app image's second layer, which the incremental batch treats as already on the high side.</summary>
    public string AppSecondLayer { get; private set; } = "";

    public async Task AddAllAsync(CancellationToken ct)
    {
        var shared = await PutAsync(Layer("etc/os-release", "ID=conformance\n"), ct);
        var appLayer = await PutAsync(Layer("app/run.sh", "#!/bin/sh\necho app\n"), ct);
        AppSecondLayer = appLayer.Digest;
        var appConfig = await PutAsync(Config(shared, appLayer), ct);
        var appManifest = await PutAsync(Manifest(appConfig, [shared, appLayer]), ct);
        var appIndex = await PutAsync(Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageIndex}}","manifests":[{{Descriptor(OciMediaTypes.ImageManifest, appManifest)}}]}"""), ct);
        App = Image("library/app", "1.0", appIndex, OciMediaTypes.ImageIndex, [appIndex, appManifest, appConfig, shared, appLayer]);

        var toolLayer = await PutAsync(Layer("usr/bin/tool", "tool 2.0\n"), ct);
        var toolConfig = await PutAsync(Config(shared, toolLayer), ct);
        var toolManifest = await PutAsync(Manifest(toolConfig, [shared, toolLayer]), ct);
        Tool = Image("library/tool", "2.0", toolManifest, OciMediaTypes.ImageManifest, [toolManifest, toolConfig, shared, toolLayer]);
        SignedTool = await SignAsync(Tool, ct);

        Patch = FileArtifact(ArtifactKinds.File, "patch.bin", null, "https://downloads.example.org/fixes/patch.bin",
            await PutAsync(Pseudorandom("patch", 20_000), ct));
        Chart = FileArtifact(ArtifactKinds.Chart, "app", "0.3.1", "https://charts.example.org/stable",
            await PutAsync(ChartArchive(), ct));
        ClamAv = FileArtifact(ArtifactKinds.ScannerData, "clamav", null, "https://database.clamav.net/daily.cvd",
            await PutAsync(Encoding.ASCII.GetBytes("ClamAV-VDB:01 Jan 2026 00-00 +0000:27000:1:90:conformance:clamav\n"), ct));
        Debian = await DebianAsync(ct);
        Npm = await NpmAsync(ct);
        PyPI = await PyPIAsync(ct);
        NuGet = await NuGetAsync(ct);
        Big = FileArtifact(ArtifactKinds.File, "big.bin", null, "https://downloads.example.org/big.bin",
            await PutAsync(Pseudorandom("big", 96 * 1024), ct));
        Medium = FileArtifact(ArtifactKinds.File, "medium.bin", null, "https://downloads.example.org/medium.bin",
            await PutAsync(Pseudorandom("medium", 40_000), ct));
    }

    // A cosign signature manifest under the image's .sig tag: an empty config and one simple-signing payload layer.
    private async Task<BatchArtifactInput> SignAsync(BatchArtifactInput image, CancellationToken ct)
    {
        var claim = $$"""{"docker-reference":"registry.example.org/{{image.Name}}"}""";
        var signed = $$"""{"docker-manifest-digest":"{{image.Digest}}"}""";
        var payload = await PutAsync(Encoding.UTF8.GetBytes(
            $$"""{"critical":{"identity":{{claim}},"image":{{signed}},"type":"cosign container image signature"},"optional":null}"""),
            ct);
        var config = await PutAsync("{}"u8.ToArray(), ct);
        var configDescriptor = Descriptor("application/vnd.oci.image.config.v1+json", config);
        var layer = Descriptor(CosignNames.SimpleSigningMediaType, payload)[..^1]
            + ""","annotations":{"dev.cosignproject.cosign/signature":"MEUCIQDconformanceAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="}}""";
        var manifest = await PutAsync(Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}","config":{{configDescriptor}},"layers":[{{layer}}]}"""),
            ct);
        return image with
        {
            Blobs = [.. image.Blobs, manifest, config, payload],
            Attachments =
            [
                new ManifestAttachment
                {
                    Kind = AttachmentKinds.Signature,
                    Tag = CosignNames.Tag(Digest.Parse(image.Digest), CosignNames.SignatureSuffix),
                    Digest = manifest.Digest,
                    MediaType = OciMediaTypes.ImageManifest,
                },
            ],
        };
    }

    // Fixed bytes stand in for the .debs: a verifier checks their digests, and the set's stanzas agree with them (DEB-6).
    private async Task<BatchArtifactInput> DebianAsync(CancellationToken ct)
    {
        var source = new DebianSource(new Uri("http://deb.example.org/debian"), "stable", "main");
        var packages = new List<(DebianPackage Package, BlobInput Blob)>();
        foreach (var (name, version, depends) in new[] { ("hello", "2.10-3", "libgreet (>= 1.0)"), ("libgreet", "1:1.2~rc1-1", null) })
        {
            var blob = await PutAsync(Pseudorandom("deb-" + name, 3000), ct);
            var filename = $"pool/main/{name[..1]}/{name}/{name}_{version[(version.IndexOf(':', StringComparison.Ordinal) + 1)..]}_all.deb";
            var hex = BatchFileNames.DigestHex(blob.Digest);
            var control = $"Package: {name}\nVersion: {version}\nArchitecture: all\nMaintainer: Conformance <c@example.org>\n"
                + (depends is null ? "" : $"Depends: {depends}\n")
                + $"Filename: {filename}\nSize: {blob.Size}\nSHA256: {hex}\nDescription: conformance package {name}\n a fixed payload";
            packages.Add((new DebianPackage
            {
                Package = name,
                Version = version,
                Architecture = "all",
                Filename = filename,
                Size = blob.Size,
                Sha256 = hex,
                Control = control,
            }, blob));
        }

        var set = new DebianPackageSet
        {
            Format = DebianPackageSet.CurrentFormat,
            Repository = source.RepositoryText,
            Suite = source.Suite,
            Component = source.Component,
            Architecture = "amd64",
            Requested = ["hello"],
            Packages = [.. packages.Select(p => p.Package)],
        };
        using var json = new MemoryStream();
        await DebianPackageSetFormat.WriteAsync(json, set, ct);
        var root = await PutAsync(json.ToArray(), ct);
        return PackageSet(ArtifactKinds.Deb, source.ToString(), "hello", root, DebianPackageSet.MediaType, packages.Select(p => p.Blob));
    }

    // Fixed bytes stand in for the tarballs: a verifier checks their digests, and the set's integrities agree with them.
    private async Task<BatchArtifactInput> NpmAsync(CancellationToken ct)
    {
        const string Registry = "https://registry.npmjs.example";
        var packages = new List<(NpmPackage Package, BlobInput Blob)>();
        foreach (var (name, version) in new[] { ("@acme/words", "2.1.0"), ("greeter", "1.0.0-rc.1") })
        {
            var bytes = Pseudorandom("npm-" + name, 2000);
            var blob = await PutAsync(bytes, ct);
            var integrity = NpmIntegrity.Of(SHA512.HashData(bytes));
            var metadata = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = name,
                ["version"] = version,
                ["dist"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["integrity"] = integrity,
                    ["tarball"] = $"{Registry}/{NpmNames.TarballPath(name, version)}",
                },
            };
            packages.Add((new NpmPackage
            {
                Name = name,
                Version = version,
                FileName = NpmNames.TarballFileName(name, version),
                Size = blob.Size,
                Sha256 = BatchFileNames.DigestHex(blob.Digest),
                Integrity = integrity,
                Metadata = System.Text.Json.JsonDocument.Parse(metadata.ToJsonString()).RootElement.Clone(),
            }, blob));
        }

        var pins = "greeter@1.0.0-rc.1 @acme/words@2.1.0";
        var set = new NpmPackageSet
        {
            Format = NpmPackageSet.CurrentFormat,
            Registry = Registry,
            Requested = pins.Split(' '),
            Packages = [.. packages.Select(p => p.Package)],
        };
        using var json = new MemoryStream();
        await NpmPackageSetFormat.WriteAsync(json, set, ct);
        var root = await PutAsync(json.ToArray(), ct);
        return PackageSet(ArtifactKinds.Npm, Registry, pins, root, NpmPackageSet.MediaType, packages.Select(p => p.Blob));
    }

    // Fixed bytes stand in for the files: a verifier checks their digests, and the set's hashes agree with them.
    private async Task<BatchArtifactInput> PyPIAsync(CancellationToken ct)
    {
        const string Index = "https://pypi.example/simple/";
        var files = new List<(PyPIPackage File, BlobInput Blob)>();
        foreach (var (name, version, file) in new[]
        {
            ("acme-words", "2.1rc1", "acme_words-2.1rc1-py3-none-any.whl"),
            ("greeter", "1.0.0", "greeter-1.0.0-py3-none-any.whl"),
            ("greeter", "1.0.0", "greeter-1.0.0.tar.gz"),
        })
        {
            var blob = await PutAsync(Pseudorandom("pypi-" + file, 1500), ct);
            files.Add((new PyPIPackage
            {
                Name = name,
                Version = version,
                FileName = file,
                Size = blob.Size,
                Sha256 = BatchFileNames.DigestHex(blob.Digest),
                RequiresPython = name == "greeter" ? ">=3.8" : null,
            }, blob));
        }

        var pins = "greeter==1.0.0 acme-words==2.1rc1";
        var set = new PyPIPackageSet
        {
            Format = PyPIPackageSet.CurrentFormat,
            Index = Index,
            Requested = pins.Split(' '),
            Packages = [.. files.Select(f => f.File)],
        };
        using var json = new MemoryStream();
        await PyPIPackageSetFormat.WriteAsync(json, set, ct);
        var root = await PutAsync(json.ToArray(), ct);
        return PackageSet(ArtifactKinds.PyPI, Index, pins, root, PyPIPackageSet.MediaType, files.Select(f => f.Blob));
    }

    // Fixed bytes stand in for the packages, as for npm; the set's SHA-512s and content hashes agree with them.
    private async Task<BatchArtifactInput> NuGetAsync(CancellationToken ct)
    {
        const string ServiceIndex = "https://api.nuget.example/v3/index.json";
        var packages = new List<(NuGetPackage Package, BlobInput Blob)>();
        foreach (var (id, version) in new[] { ("Acme.Greeter", "1.0.0"), ("Acme.Words", "2.1.0-rc.1") })
        {
            var bytes = Pseudorandom("nuget-" + id, 2000);
            var blob = await PutAsync(bytes, ct);
            var sha512 = Sha512Base64.Of(SHA512.HashData(bytes));
            packages.Add((new NuGetPackage
            {
                Id = id,
                Version = version,
                FileName = NuGetNames.PackageFileName(id, version),
                Size = blob.Size,
                Sha256 = BatchFileNames.DigestHex(blob.Digest),
                Sha512 = sha512,
                ContentHash = sha512,
            }, blob));
        }

        const string Label = "Ward.Api/packages.lock.json";
        var set = new NuGetPackageSet
        {
            Format = NuGetPackageSet.CurrentFormat,
            ServiceIndex = ServiceIndex,
            Requested = [],
            Packages = [.. packages.Select(p => p.Package)],
        };
        using var json = new MemoryStream();
        await NuGetPackageSetFormat.WriteAsync(json, set, ct);
        var root = await PutAsync(json.ToArray(), ct);
        return PackageSet(ArtifactKinds.NuGet, ServiceIndex, Label, root, NuGetPackageSet.MediaType, packages.Select(p => p.Blob));
    }

    private static BatchArtifactInput PackageSet(string kind, string source, string name, BlobInput root, string mediaType,
        IEnumerable<BlobInput> packages) =>
        new()
        {
            Kind = kind,
            Source = source,
            Digest = root.Digest,
            MediaType = mediaType,
            Name = name,
            Requester = "local:carol",
            RequestId = $"req-{name.Split(' ')[0].Replace('/', '-')}-{kind}",
            Justification = "conformance vector",
            Blobs = [root, .. packages],
        };

    private static BatchArtifactInput Image(string name, string tag, BlobInput root, string mediaType, IReadOnlyList<BlobInput> blobs) =>
        new()
        {
            Kind = ArtifactKinds.Image,
            Source = $"registry.example.org/{name}:{tag}",
            Digest = root.Digest,
            MediaType = mediaType,
            Name = name,
            Version = tag,
            Requester = "local:alice",
            RequestId = "req-" + name.Replace('/', '-'),
            Justification = "conformance vector",
            Ticket = "CHG-0001",
            Blobs = blobs,
        };

    private static BatchArtifactInput FileArtifact(string kind, string name, string? version, string source, BlobInput blob) =>
        new()
        {
            Kind = kind,
            Source = source,
            Digest = blob.Digest,
            Name = name,
            Version = version,
            Requester = "local:bob",
            RequestId = "req-" + name,
            Justification = "conformance vector",
            Blobs = [blob],
        };

    private static byte[] Config(BlobInput first, BlobInput second) => Encoding.UTF8.GetBytes(
        $$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{first.Digest}}}","{{{second.Digest}}}"]}}""");

    private static byte[] Manifest(BlobInput config, IReadOnlyList<BlobInput> layers)
    {
        var configDescriptor = Descriptor("application/vnd.oci.image.config.v1+json", config);
        var layerDescriptors = string.Join(',', layers.Select(l => Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", l)));
        return Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}","config":{{configDescriptor}},"layers":[{{layerDescriptors}}]}""");
    }

    private static string Descriptor(string mediaType, BlobInput blob) =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{blob.Digest}}","size":{{blob.Size}}}""";

    private static byte[] Layer(string path, string content) => TarGz([(path, Encoding.UTF8.GetBytes(content))]);

    private static byte[] ChartArchive() => TarGz(
    [
        ("app/Chart.yaml", Encoding.UTF8.GetBytes("apiVersion: v2\nname: app\nversion: 0.3.1\n")),
        ("app/values.yaml", Encoding.UTF8.GetBytes("replicas: 1\n")),
    ]);

    private static byte[] TarGz(IReadOnlyList<(string Path, byte[] Content)> files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(content),
                    ModificationTime = Epoch,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
            }
        }

        return output.ToArray();
    }

    // Counter-mode SHA-256: fixed bytes that do not compress.
    private static byte[] Pseudorandom(string label, int length)
    {
        var bytes = new byte[length];
        for (var block = 0; block * 32 < length; block++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{label}:{block}"));
            hash.AsSpan(0, Math.Min(32, length - (block * 32))).CopyTo(bytes.AsSpan(block * 32));
        }

        return bytes;
    }

    private async Task<BlobInput> PutAsync(byte[] content, CancellationToken ct)
    {
        using var stream = new MemoryStream(content);
        var stored = await store.PutAsync(stream, null, null, null, ct, flushEach: false);
        return new BlobInput(stored.Digest, stored.Size);
    }
}
