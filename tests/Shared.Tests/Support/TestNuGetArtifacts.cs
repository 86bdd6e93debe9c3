using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>nuget artifacts as the low side gathers them: the packed packages and their package set in a content store.</summary>
public static class TestNuGetArtifacts
{
    /// <summary>
    /// A nuget artifact from <paramref name="serviceIndex"/> named <paramref name="name"/> (pins of every package, or a lock file's
    /// label, which gives each package its content hash).
    /// </summary>
    public static Task<BatchArtifactInput> AddAsync(ContentStore store, string serviceIndex, string name, params TestNuGetPackage[] packages) =>
        AddTamperedAsync(store, serviceIndex, name, set => set, packages);

    /// <summary>As <see cref="AddAsync"/>, with the set changed by <paramref name="tamper"/> before it is written: a hostile low side's.</summary>
    public static async Task<BatchArtifactInput> AddTamperedAsync(
        ContentStore store, string serviceIndex, string name, Func<NuGetPackageSet, NuGetPackageSet> tamper, params TestNuGetPackage[] packages)
    {
        ArgumentNullException.ThrowIfNull(tamper);
        ArgumentNullException.ThrowIfNull(store);
        var entries = new List<(NuGetPackage Package, BlobInput Blob)>();
        foreach (var test in packages)
        {
            var bytes = test.Pack();
            using var content = new MemoryStream(bytes);
            var blob = await store.PutAsync(content, null, null, null, CancellationToken.None);
            var sha512 = Sha512Base64.Of(SHA512.HashData(bytes));
            entries.Add((new NuGetPackage
            {
                Id = test.Id,
                Version = test.Version,
                FileName = NuGetNames.PackageFileName(test.Id, test.Version),
                Size = blob.Size,
                Sha256 = blob.Digest["sha256:".Length..],
                Sha512 = sha512,
                ContentHash = NuGetNames.IsLockLabel(name) ? sha512 : null,
            }, new BlobInput(blob.Digest, blob.Size)));
        }

        var set = new NuGetPackageSet
        {
            Format = NuGetPackageSet.CurrentFormat,
            ServiceIndex = serviceIndex,
            Requested = NuGetNames.IsLockLabel(name) ? [] : name.Split(' '),
            Packages = [.. entries.Select(e => e.Package)],
        };
        using var json = new MemoryStream();
        await NuGetPackageSetFormat.WriteAsync(json, tamper(set), CancellationToken.None);
        json.Position = 0;
        var root = await store.PutAsync(json, null, null, null, CancellationToken.None);
        return new BatchArtifactInput
        {
            Kind = ArtifactKinds.NuGet,
            Source = serviceIndex,
            Digest = root.Digest,
            MediaType = NuGetPackageSet.MediaType,
            Name = name,
            Requester = "local:dana",
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = "service build",
            Blobs = [new BlobInput(root.Digest, root.Size), .. entries.Select(e => e.Blob).DistinctBy(b => b.Digest)],
        };
    }
}
