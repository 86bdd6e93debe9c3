using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The parsed manifest's blobs on disk, and the index of them by digest: every blob comes back as the reader made it (a
/// digest held as a hash or as text, a path absent, its own or other text, a volume or none, chunks or none), in list
/// order; the index finds each blob whose digest is a hash with what the rules ask of it, and the first blob listed twice.
/// </summary>
[TestFixture]
internal sealed class ManifestBlobCollectionTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string OtherHex = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    [Test]
    public void Enumerate_BlobsOfEveryForm_ComeBackAsAdded()
    {
        using var directory = new TempDirectory("blobs");
        var chunks = new List<ManifestChunk>
        {
            new() { Index = 0, Volume = 1, Path = "chunks/" + Hex + "/0000", Size = 10, Sha256 = OtherHex },
            new() { Index = 7, Volume = -2, Path = "caf\u00e9 \ud800", Size = long.MinValue, Sha256 = "not a hash" },
        };
        var blobs = new List<ManifestBlob>
        {
            ManifestBlob.OfHash(Hex, ownBlobPath: true, 42, shipped: true, volume: 1, chunks: null),
            ManifestBlob.OfHash(Hex, ownBlobPath: false, 0, shipped: false, volume: null, chunks: null),
            ManifestBlob.OfHash(OtherHex, ownBlobPath: false, 20, shipped: true, volume: null, chunks: chunks),
            new() { Digest = "sha256:" + Hex, Size = 1, Shipped = true, Volume = 3, Path = "blobs/sha256/" + OtherHex },
            new() { Digest = "sha256:" + Hex.ToUpperInvariant(), Size = 1, Shipped = true, Volume = 1, Path = "blobs/sha256/" + Hex },
            new() { Digest = "", Size = -1, Shipped = false, Volume = int.MinValue, Path = "", Chunks = [] },
            new() { Digest = new string('d', 100_000), Size = 2, Shipped = true, Path = new string('p', 70_000) },
        };
        using var collection = Filled(directory.Path, blobs);

        Assert.That(collection, Has.Count.EqualTo(blobs.Count));
        Assert.That(collection.Select(Describe), Is.EqualTo(blobs.Select(Describe)));
        Assert.That(collection.Select(b => (b.DigestIsHash, b.PathIsOwnBlobPath)), Is.EqualTo(blobs.Select(b => (b.DigestIsHash, b.PathIsOwnBlobPath))));
        Assert.That(collection.Select(Describe), Is.EqualTo(blobs.Select(Describe)), "read a second time");
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    [Test]
    public void AddAndRead_OutOfTurn_Refused()
    {
        using var directory = new TempDirectory("blobs");
        using var collection = new ManifestBlobCollection(directory.Path);

        Assert.Throws<InvalidOperationException>(() => collection.GetEnumerator());
        collection.Complete();
        Assert.Throws<InvalidOperationException>(() => collection.Add(ManifestBlob.OfHash(Hex, true, 1, true, 1, null)));
        Assert.That(collection, Is.Empty);
    }

    [Test]
    public void Index_EveryBlob_FoundWithWhatTheRulesAskOfIt_AndNoOtherDigest()
    {
        using var directory = new TempDirectory("blobs");
        var blobs = Enumerable.Range(0, 20_000).Select(i => (i % 3) switch
        {
            0 => ManifestBlob.OfHash(Hash(i), ownBlobPath: true, i, shipped: true, volume: 1 + (i % 5), chunks: null),
            1 => ManifestBlob.OfHash(Hash(i), ownBlobPath: false, i, shipped: false, volume: null, chunks: null),
            _ => ManifestBlob.OfHash(Hash(i), ownBlobPath: false, i, shipped: true, volume: null, chunks: []),
        }).ToList();
        using var index = ManifestBlobIndex.Of(blobs, directory.Path);

        Assert.Multiple(() =>
        {
            for (var i = 0; i < blobs.Count; i++)
            {
                var blob = blobs[i];
                Assert.That(index.TryFind(blob.Digest, out var found), Is.True, blob.Digest);
                Assert.That(found, Is.EqualTo(new IndexedBlob(i, blob.Size, blob.Shipped, blob.Chunks is not null, blob.Volume)), blob.Digest);
            }

            foreach (var digest in new[] { "sha256:" + Hash(-1), Hash(0), "sha256:" + Hash(0).ToUpperInvariant(), "sha512:" + Hash(0), "" })
            {
                Assert.That(index.TryFind(digest, out _), Is.False, digest);
            }
        });
        Assert.That(index.FirstRepeat(), Is.Null);
    }

    [Test]
    public void Index_BlobsListedTwice_FirstRepeatIsTheFirstPositionThatRepeatsAnEarlierOne()
    {
        using var directory = new TempDirectory("blobs");
        var blobs = Enumerable.Range(0, 5000).Select(i => ManifestBlob.OfHash(Hash(i), true, i, true, 1, null)).ToList();
        blobs[3000] = ManifestBlob.OfHash(Hash(40), false, 1, false, null, null);
        blobs[2000] = ManifestBlob.OfHash(Hash(4000), false, 1, false, null, null);
        blobs[4500] = ManifestBlob.OfHash(Hash(40), false, 1, false, null, null);
        using var index = ManifestBlobIndex.Of(blobs, directory.Path);

        // 4000's digest is listed first at 2000, so 4000 repeats it; 3000 repeats 40 and comes before.
        Assert.That(index.FirstRepeat(), Is.EqualTo((3000, "sha256:" + Hash(40))));
        using var other = new ManifestBlobIndex(directory.Path);
        Assert.Throws<ArgumentException>(() => other.Add(0, new ManifestBlob { Digest = Hex, Size = 1, Shipped = false }));
    }

    private static ManifestBlobCollection Filled(string directory, IEnumerable<ManifestBlob> blobs)
    {
        var collection = new ManifestBlobCollection(directory);
        foreach (var blob in blobs)
        {
            collection.Add(blob);
        }

        collection.Complete();
        return collection;
    }

    private static string Describe(ManifestBlob blob) =>
        $"{blob.Digest}|{blob.Size}|{blob.Shipped}|{blob.Volume}|{blob.Path ?? "(none)"}|"
        + (blob.Chunks is null ? "(no chunks)" : string.Join(";", blob.Chunks.Select(Describe)));

    private static string Describe(ManifestChunk chunk) => $"{chunk.Index},{chunk.Volume},{chunk.Path},{chunk.Size},{chunk.Sha256},{chunk.Sha256.IsHex}";

    private static string Hash(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
}
