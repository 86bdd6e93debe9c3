using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The files sorted by volume and path on disk: each found with its position, size and hash, and nothing else found; each
/// volume read in ordinal path order; the first file listed twice is the one a dictionary filled in list order would
/// refuse first.
/// </summary>
[TestFixture]
internal sealed class ManifestFileIndexTests
{
    [Test]
    public void TryFind_EveryFile_FoundWithItsPositionSizeAndHash_AndNoOtherPath()
    {
        using var directory = new TempDirectory("index");
        var files = ManyFiles(12_000);
        using var index = Indexed(directory.Path, files);

        Assert.Multiple(() =>
        {
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                Assert.That(index.TryFind(file.Volume, file.Path, out var found), Is.True, file.Path);
                Assert.That(found, Is.EqualTo(new IndexedFile(i, file.Size, file.Sha256)), file.Path);
            }

            foreach (var (volume, path) in new[]
            {
                (1, "dir/0000"), (1, "dir/000001"), (1, "DIR/000000"), (9, "dir/000000"), (0, "dir/000000"), (1, "dir/00000"),
                (1, "dir/0000000"), (1, "caf\u00e9"), (1, ""), (1, new string('a', 181)),
            })
            {
                Assert.That(index.TryFind(volume, path, out _), Is.False, $"{volume} {path}");
            }
        });
    }

    [Test]
    public void OnVolume_EachVolume_ItsFilesInOrdinalPathOrderWithPositions()
    {
        using var directory = new TempDirectory("index");
        var files = ManyFiles(12_000);
        using var index = Indexed(directory.Path, files);

        foreach (var volume in new[] { 1, 2, 3 })
        {
            var expected = files.Select((f, i) => (File: f, Position: i)).Where(p => p.File.Volume == volume)
                .OrderBy(p => p.File.Path, StringComparer.Ordinal).Select(p => $"{p.Position} {p.File.Path} {p.File.Size} {p.File.Sha256}");
            Assert.That(index.OnVolume(volume).Select(p => $"{p.Position} {p.File.Path} {p.File.Size} {p.File.Sha256}"),
                Is.EqualTo(expected), $"volume {volume}");
        }

        Assert.That(index.OnVolume(4), Is.Empty);
    }

    [Test]
    public void FirstRepeat_FilesListedTwiceOrMore_TheFirstPositionThatRepeatsAnEarlierOne()
    {
        using var directory = new TempDirectory("index");
        var files = ManyFiles(5000);
        using (var unique = Indexed(directory.Path, files))
        {
            Assert.That(unique.FirstRepeat(), Is.Null);
        }

        // Repeats at 4000 (of 10), 4500 (of 20, on another volume first) and 4700 (of 4000's path again): 4000 is first.
        files[4000] = Copy(files[10]);
        files[4500] = Copy(files[20]);
        files[4700] = Copy(files[10]);
        using var index = Indexed(directory.Path, files);

        Assert.That(index.FirstRepeat(), Is.EqualTo((4000, files[10].Volume, files[10].Path)));
        Assert.That(index.TryFind(files[10].Volume, files[10].Path, out var found), Is.True);
        Assert.That(found.Position, Is.AnyOf(10, 4000, 4700));
    }

    [Test]
    public void Add_PathNotSafeOrHashNotAHash_Refused()
    {
        using var directory = new TempDirectory("index");
        using var index = new ManifestFileIndex(directory.Path);
        const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        Assert.Throws<ArgumentException>(() => index.Add(0, new ManifestFile { Volume = 1, Path = "caf\u00e9", Size = 1, Sha256 = Hex }));
        Assert.Throws<ArgumentException>(() => index.Add(0, new ManifestFile { Volume = 1, Path = new string('a', 181), Size = 1, Sha256 = Hex }));
        Assert.Throws<ArgumentException>(() => index.Add(0, new ManifestFile { Volume = 1, Path = "a", Size = 1, Sha256 = "A" + Hex[1..] }));
    }

    private static ManifestFileIndex Indexed(string directory, List<ManifestFile> files)
    {
        var index = new ManifestFileIndex(directory);
        for (var i = 0; i < files.Count; i++)
        {
            index.Add(i, files[i]);
        }

        return index.Complete();
    }

    // Paths of several lengths and shapes (own blob paths, directories, names that are prefixes of others) on three volumes.
    private static List<ManifestFile> ManyFiles(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
        return (i % 4) switch
        {
            0 => ManifestFile.AtOwnBlobPath(1 + (i % 3), i, hash),
            1 => new ManifestFile { Volume = 1 + (i % 3), Path = $"dir/{i:D6}", Size = i, Sha256 = hash },
            2 => new ManifestFile { Volume = 1 + (i % 3), Path = $"dir/{i:D6}/x", Size = i, Sha256 = hash },
            _ => new ManifestFile { Volume = 1 + (i % 3), Path = $"d{i % 7}-{i}", Size = i, Sha256 = hash },
        };
    }).ToList();

    private static ManifestFile Copy(ManifestFile file) => file with { };
}
