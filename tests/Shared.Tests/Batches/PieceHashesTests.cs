using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>The writer's table of the hashes read back lives in an unnamed file, not in memory (issue 18).</summary>
[TestFixture]
internal sealed class PieceHashesTests
{
    [Test]
    public void Set_FromSeveralThreadsOutOfOrder_EachPieceReadsItsOwnHashAndUnsetOnesReadZero()
    {
        using var directory = new TempDirectory("piece-hashes");
        using var hashes = new PieceHashes(50_001, directory.Path);
        Parallel.For(0, 25_000, i => hashes.Set(50_000 - (2 * i), SHA256.HashData(BitConverter.GetBytes(i))));

        var wrong = Enumerable.Range(0, 25_000)
            .Where(i => hashes.Value(50_000 - (2 * i)) != Sha256Value.FromHash(SHA256.HashData(BitConverter.GetBytes(i))))
            .ToList();
        Assert.That(wrong, Is.Empty);
        Assert.That(new[] { hashes.Hex(0), hashes.Hex(1), hashes.Hex(49_999) }, Is.All.EqualTo(new string('0', 64)), "pieces never set");
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty, "the table has no name in the directory");
    }

    [Test]
    public void Get_PieceOutsideThePlan_Refused()
    {
        using var directory = new TempDirectory("piece-hashes");
        using var hashes = new PieceHashes(3, directory.Path);

        Assert.That(() => hashes.Value(3), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => hashes.Set(-1, new byte[PieceHashes.Length]), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => hashes.Set(0, new byte[31]), Throws.TypeOf<ArgumentOutOfRangeException>(), "not a SHA-256");
    }

    [Test]
    public void Placeholder_EveryPieceReadsZeroAndNothingCanBeSet()
    {
        Assert.That(PieceHashes.Placeholder.Hex(123_456), Is.EqualTo(new string('0', 64)));
        Assert.That(() => PieceHashes.Placeholder.Set(0, new byte[PieceHashes.Length]), Throws.InvalidOperationException);
    }
}
