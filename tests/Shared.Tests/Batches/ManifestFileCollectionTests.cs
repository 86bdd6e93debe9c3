using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The parsed manifest's files on disk: every file comes back as the reader made it (a path held as its own blob's hash or
/// as text, a malformed sha256 as its text, any string the JSON can hold), in list order, as often as read, from several
/// threads; the directory holds nothing.
/// </summary>
[TestFixture]
internal sealed class ManifestFileCollectionTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Test]
    public void Enumerate_FilesOfEveryForm_ComeBackAsAdded()
    {
        using var directory = new TempDirectory("files");
        var files = new List<ManifestFile>
        {
            ManifestFile.AtOwnBlobPath(1, 42, Hex),
            new() { Volume = 2, Path = "blobs/sha256/" + Hex, Size = 0, Sha256 = Hex },
            new() { Volume = 1, Path = "blobs/sha256/" + Hex, Size = -5, Sha256 = Hex.Replace('0', 'f') },
            new() { Volume = -7, Path = "chunks/" + Hex + "/000001", Size = long.MaxValue, Sha256 = Hex.ToUpperInvariant() },
            new() { Volume = int.MaxValue, Path = "", Size = long.MinValue, Sha256 = "" },
            new() { Volume = 3, Path = "caf\u00e9/\ud83d\ude00/\ud800 lone", Size = 1, Sha256 = "not a hash \udfff" },
            new() { Volume = 1, Path = new string('x', 200_000), Size = 2, Sha256 = new string('y', 70_000) },
            new() { Volume = 1, Path = "oci-layout", Size = 30, Sha256 = Hex },
        };
        using var collection = Filled(directory.Path, files);

        Assert.That(collection, Has.Count.EqualTo(files.Count));
        Assert.That(collection.Select(Describe), Is.EqualTo(files.Select(Describe)));
        Assert.That(collection.Zip(files).Select(p => (p.First.PathIsOwnBlobPath, p.Second.PathIsOwnBlobPath)),
            Has.All.Matches<(bool Read, bool Added)>(p => p.Read == p.Added));
        Assert.That(collection.Select(Describe), Is.EqualTo(files.Select(Describe)), "read a second time");
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    [Test]
    public void Enumerate_ManyFilesFromSeveralThreads_EachReadsTheWholeListInOrder()
    {
        using var directory = new TempDirectory("files");
        var files = Enumerable.Range(0, 30_000).Select(i => i % 3 == 0
                ? new ManifestFile { Volume = 1 + (i % 4), Path = $"dir/{i:D6}", Size = i, Sha256 = Hash(i) }
                : ManifestFile.AtOwnBlobPath(1, i, Hash(i)))
            .ToList();
        using var collection = Filled(directory.Path, files);
        var expected = files.Select(Describe).ToList();

        var reads = Enumerable.Range(0, 4).Select(_ => Task.Run(() => collection.Select(Describe).ToList())).ToArray();
        Task.WaitAll(reads);

        Assert.That(reads.Select(r => r.Result), Has.All.EqualTo(expected));
        Assert.That(collection.Bytes, Is.LessThan(files.Count * 70L), "about 45 bytes a file at its own blob path");
    }

    [Test]
    public void AddAndRead_OutOfTurn_Refused()
    {
        using var directory = new TempDirectory("files");
        using var collection = new ManifestFileCollection(directory.Path);

        Assert.Throws<InvalidOperationException>(() => collection.GetEnumerator());
        collection.Complete();
        Assert.Throws<InvalidOperationException>(() => collection.Add(ManifestFile.AtOwnBlobPath(1, 1, Hex)));
        Assert.That(collection, Is.Empty);
    }

    [Test]
    public void Parse_ManifestOfManyFiles_FilesKeptInTheWorkDirectoryWithoutAName()
    {
        using var directory = new TempDirectory("files");
        var written = ManyBlobManifest.Of(2000);
        var files = written.Files.ToList();
        var json = ManifestReader.Serialize(written);

        var parsed = ManifestReader.Parse(json, directory.Path);

        Assert.That(parsed.Files, Is.InstanceOf<ManifestFileCollection>());
        Assert.That(parsed.Files.Select(Describe), Is.EqualTo(files.Select(Describe)));
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
        Assert.That(ManifestReader.Serialize(parsed), Is.EqualTo(json));
    }

    private static ManifestFileCollection Filled(string directory, IEnumerable<ManifestFile> files)
    {
        var collection = new ManifestFileCollection(directory);
        foreach (var file in files)
        {
            collection.Add(file);
        }

        collection.Complete();
        return collection;
    }

    private static string Describe(ManifestFile file) => $"{file.Volume}|{file.Path}|{file.Size}|{file.Sha256}|{file.Sha256.IsHex}";

    private static string Hash(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
}
