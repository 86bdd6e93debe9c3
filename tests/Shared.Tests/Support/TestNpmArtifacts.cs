using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>npm artifacts as the low side gathers them: the packed packages and their package set in a content store.</summary>
public static class TestNpmArtifacts
{
    /// <summary>
    /// An npm artifact from <paramref name="registry"/> named <paramref name="name"/> (pins of every package, or a lock file's
    /// label), its set's entries written as a registry writes them.
    /// </summary>
    public static async Task<BatchArtifactInput> AddAsync(ContentStore store, string registry, string name, params TestNpmPackage[] packages)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = new List<(NpmPackage Package, BlobInput Blob)>();
        foreach (var test in packages)
        {
            var tarball = test.Pack();
            using var content = new MemoryStream(tarball);
            var blob = await store.PutAsync(content, null, null, null, CancellationToken.None);
            var integrity = NpmIntegrity.Of(SHA512.HashData(tarball));
            var metadata = test.PackageJson();
            metadata["dist"] = new JsonObject { ["tarball"] = $"{registry}/{NpmNames.TarballPath(test.Name, test.Version)}", ["integrity"] = integrity };
            entries.Add((new NpmPackage
            {
                Name = test.Name,
                Version = test.Version,
                FileName = NpmNames.TarballFileName(test.Name, test.Version),
                Size = blob.Size,
                Sha256 = blob.Digest["sha256:".Length..],
                Integrity = integrity,
                Metadata = JsonSerializer.Deserialize<JsonElement>(metadata.ToJsonString()),
            }, new BlobInput(blob.Digest, blob.Size)));
        }

        var set = new NpmPackageSet
        {
            Format = NpmPackageSet.CurrentFormat,
            Registry = registry,
            Requested = NpmNames.IsLockLabel(name) ? [] : name.Split(' '),
            Packages = [.. entries.Select(e => e.Package)],
        };
        using var json = new MemoryStream();
        await NpmPackageSetFormat.WriteAsync(json, set, CancellationToken.None);
        json.Position = 0;
        var root = await store.PutAsync(json, null, null, null, CancellationToken.None);
        return PackageSetArtifact(ArtifactKinds.Npm, registry, name, NpmPackageSet.MediaType, "front-end build", root,
            entries.Select(e => e.Blob));
    }

    /// <summary>An artifact whose root blob is a package set (<paramref name="root"/>), carrying <paramref name="packages"/>.</summary>
    public static BatchArtifactInput PackageSetArtifact(string kind, string source, string name, string mediaType, string justification,
        StoredBlob root, IEnumerable<BlobInput> packages)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new BatchArtifactInput
        {
            Kind = kind,
            Source = source,
            Digest = root.Digest,
            MediaType = mediaType,
            Name = name,
            Requester = "local:dana",
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = justification,
            Blobs = [new BlobInput(root.Digest, root.Size), .. packages.DistinctBy(b => b.Digest)],
        };
    }
}
