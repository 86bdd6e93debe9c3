using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>pypi artifacts as the low side gathers them: each project's wheel and sdist and their package set in a content store.</summary>
public static class TestPyPIArtifacts
{
    /// <summary>The set's entries of a package's wheel and sdist, as an index lists them (none yanked).</summary>
    public static IEnumerable<(PyPIPackage Package, byte[] Bytes)> Files(TestPyPIPackage test)
    {
        ArgumentNullException.ThrowIfNull(test);
        foreach (var (file, bytes) in new[] { (test.WheelFileName, test.Wheel()), (test.SdistFileName, test.Sdist()) })
        {
            yield return (new PyPIPackage
            {
                Name = test.Project,
                Version = test.Version,
                FileName = file,
                Size = bytes.Length,
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
                RequiresPython = test.RequiresPython,
            }, bytes);
        }
    }

    /// <summary>
    /// A pypi artifact from <paramref name="index"/> named <paramref name="name"/> (pins of every package, or a requirements
    /// label) carrying each package's wheel and sdist; <paramref name="edit"/> may change the set before it is stored.
    /// </summary>
    public static async Task<BatchArtifactInput> AddAsync(ContentStore store, string index, string name, Func<PyPIPackageSet, PyPIPackageSet>? edit,
        params TestPyPIPackage[] packages)
    {
        ArgumentNullException.ThrowIfNull(store);
        var files = packages.SelectMany(Files).ToList();
        var blobs = new List<BlobInput>();
        foreach (var (_, bytes) in files)
        {
            using var content = new MemoryStream(bytes);
            var blob = await store.PutAsync(content, null, null, null, CancellationToken.None);
            blobs.Add(new BlobInput(blob.Digest, blob.Size));
        }

        var set = new PyPIPackageSet
        {
            Format = PyPIPackageSet.CurrentFormat,
            Index = index,
            Requested = PyPINames.IsRequirementsLabel(name) ? [] : name.Split(' '),
            Packages = [.. files.Select(f => f.Package)],
        };
        set = edit?.Invoke(set) ?? set;
        using var json = new MemoryStream();
        await PyPIPackageSetFormat.WriteAsync(json, set, CancellationToken.None);
        json.Position = 0;
        var root = await store.PutAsync(json, null, null, null, CancellationToken.None);
        return TestNpmArtifacts.PackageSetArtifact(ArtifactKinds.PyPI, index, name, PyPIPackageSet.MediaType, "analytics job", root, blobs);
    }
}
