using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// A planned piece holds its blob as a hash and spells its digest and path when read (issue 18): the same texts, the same
/// order and the same read-back lookups as when it held them as strings.
/// </summary>
[TestFixture]
internal sealed class PlannedPieceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestCase(null)]
    [TestCase(0)]
    [TestCase(7)]
    [TestCase(9999)]
    [TestCase(10000)]
    [TestCase(99999)]
    [TestCase(100000)]
    [TestCase(1234567)]
    [TestCase(int.MaxValue)]
    public void Path_WholeBlobOrChunk_SpelledAsBatchFileNamesSpellIt(int? chunk)
    {
        var piece = PlannedPiece.Of(1, BatchBlobTable.Of([new BlobInput(Digest, 10)]), 0, 0, 10, chunk);

        Assert.That(piece.Digest, Is.EqualTo(Digest));
        Assert.That(piece.Path, Is.EqualTo(chunk is { } index ? BatchFileNames.ChunkPath(Digest, index) : BatchFileNames.BlobPath(Digest)));
        Assert.That(piece.PathLength, Is.EqualTo(piece.Path.Length));
    }

    [Test]
    public void Of_BlobNotInTheTable_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PlannedPiece.Of(1, BatchBlobTable.Of([new BlobInput(Digest, 10)]), 1, 0, 10, null));

    [Test]
    public void ComparePath_WholeBlobsAndChunksPastTenThousand_OrdersAsTheirPathsOrdinally()
    {
        var random = new Random(18);
        var blobs = BlobsOfHashedNumbers(40);
        var pieces = Enumerable.Range(0, 400).Select(i =>
        {
            int? chunk = i % 3 == 0 ? null : random.Next(0, 3) switch { 0 => random.Next(0, 10), 1 => random.Next(9990, 10010), _ => random.Next(0, 200_000) };
            return PlannedPiece.Of(1 + (i % 2), blobs, i % 40, 0, 1, chunk);
        }).ToList();

        var byPieces = pieces.Order(Comparer<PlannedPiece>.Create((a, b) => a.ComparePath(b))).Select(p => p.Path).ToList();
        var byStrings = pieces.Select(p => p.Path).Order(StringComparer.Ordinal).ToList();

        Assert.That(byPieces, Is.EqualTo(byStrings));
    }

    [Test]
    public void ReadBack_ChunkAndWholeBlob_FoundByTheirPathsOnly()
    {
        var blobs = BatchBlobTable.Of([new BlobInput(Digest, 10)]);
        var pieces = new[] { PlannedPiece.Of(1, blobs, 0, 0, 10, null), PlannedPiece.Of(2, blobs, 0, 0, 10, 3) };
        using var directory = new TempDirectory("read-back");
        using var hashes = new PieceHashes(2, directory.Path);
        var first = SHA256.HashData([1]);
        var second = SHA256.HashData([2]);
        hashes.Set(0, first);
        hashes.Set(1, second);
        using var readBack = new PayloadReadBack(pieces, hashes, directory.Path);

        Assert.That(readBack.Matches(1, pieces[0].Path, Sha256Value.FromHash(first)), Is.True);
        Assert.That(readBack.Matches(2, pieces[1].Path, Sha256Value.FromHash(second)), Is.True);
        Assert.That(readBack.Matches(2, pieces[1].Path, Sha256Value.FromHash(first)), Is.False);
        Assert.That(readBack.Matches(1, pieces[1].Path, Sha256Value.FromHash(second)), Is.Null, "another volume");
        Assert.That(readBack.Matches(2, pieces[1].Path.Replace("/0003", "/3", StringComparison.Ordinal), Sha256Value.FromHash(second)), Is.Null,
            "a path the writer does not spell");
        Assert.That(readBack.Matches(1, pieces[0].Path.ToUpperInvariant(), Sha256Value.FromHash(first)), Is.Null);
    }

    [Test]
    public void ReadBack_ManyPiecesOnSeveralVolumes_EachFoundWithItsOwnHashAndNoFileLeft()
    {
        // 30,000 pieces are some 2.3 MB of keys and hashes: more than one run of the table, so they are merged from disk.
        var blobs = BlobsOfHashedNumbers(10_000);
        var pieces = Enumerable.Range(0, 30_000).Select(i => PlannedPiece.Of(1 + (i % 4), blobs, i / 3, 0, 1, i % 3 == 0 ? null : i % 3)).ToList();
        using var directory = new TempDirectory("read-back");
        using var hashes = new PieceHashes(pieces.Count, directory.Path);
        for (var i = 0; i < pieces.Count; i++)
        {
            hashes.Set(i, SHA256.HashData(BitConverter.GetBytes(i)));
        }

        using (var readBack = new PayloadReadBack(pieces, hashes, directory.Path))
        {
            var all = Enumerable.Range(0, pieces.Count).ToList();
            Assert.That(readBack.Count, Is.EqualTo(pieces.Count));
            Assert.That(all.Where(i => readBack.Matches(pieces[i].Volume, pieces[i].Path, hashes.Value(i)) != true), Is.Empty);
            Assert.That(all.Where(i => readBack.Matches(pieces[i].Volume, pieces[i].Path, hashes.Value((i + 1) % pieces.Count)) != false), Is.Empty,
                "another piece's hash");
            Assert.That(all.Take(3000).Where(i => readBack.Matches(1 + (pieces[i].Volume % 4), pieces[i].Path, hashes.Value(i)) is not null), Is.Empty,
                "each piece on another volume");
        }

        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    // Blob i's digest is the SHA-256 of the number i.
    private static BatchBlobTable BlobsOfHashedNumbers(int count) =>
        BatchBlobTable.Of([.. Enumerable.Range(0, count).Select(i => new BlobInput(TestArtifactInputs.DigestOf(i), 1))]);
}
