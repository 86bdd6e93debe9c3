using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Batches.Recovery;

namespace TransferPipeline.Shared.Tests.Batches.Recovery;

/// <summary>How a volume's files are split into par2 sets within par2's limits.</summary>
[TestFixture]
internal sealed class RecoveryPlannerTests
{
    [TestCase(1, 30L, 1)]
    [TestCase(3, 600_000L, 1)]
    [TestCase(4096, 4_000L, 1)]
    [TestCase(50_000, 20_000L, 13)]
    [TestCase(2, 4_000_000_000L, 1)]
    public void Plan_ManyOrLargeFiles_SetsWithinPar2sLimits(int count, long size, int expectedSets)
    {
        var files = Enumerable.Range(0, count).Select(i => new ManifestFile { Volume = 1, Path = $"blobs/sha256/{i:x64}", Size = size, Sha256 = "" });

        var sets = RecoveryPlanner.Plan(files, 5);

        Assert.That(sets, Has.Count.EqualTo(expectedSets));
        Assert.That(sets.Sum(s => s.Files.Count), Is.EqualTo(count));
        foreach (var set in sets)
        {
            Assert.That(set.SourceBlocks, Is.InRange(set.Files.Count, 32768));
            Assert.That(set.BlockSize % 4096, Is.Zero);
            Assert.That(set.RecoveryBlocks * set.BlockSize, Is.GreaterThanOrEqualTo(set.Files.Sum(f => f.Size) / 20));
            Assert.That(set.RecoveryFiles, Is.InRange(1, 4));
        }
    }

    [Test]
    public void Plan_EmptyFilesAndRecoveryFiles_LeftOut()
    {
        ManifestFile[] files =
        [
            new() { Volume = 1, Path = "blobs/sha256/" + new string('a', 64), Size = 0, Sha256 = "" },
            new() { Volume = 1, Path = "oci-layout", Size = 30, Sha256 = "" },
            new() { Volume = 1, Path = "recovery/set-0001.par2", Size = 3000, Sha256 = "" },
        ];

        var sets = RecoveryPlanner.Plan(files, 5);

        Assert.That(sets.Single().Files.Select(f => f.Path), Is.EqualTo(new[] { "oci-layout" }));
    }
}
