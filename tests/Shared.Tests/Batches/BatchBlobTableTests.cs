using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The writer's table of a batch's blobs, each once in the order first listed, which refers to the request's lists instead
/// of holding the blobs again (issue 18).
/// </summary>
[TestFixture]
internal sealed class BatchBlobTableTests
{
    [Test]
    public void Of_ManyArtifactsSharingBlobs_TheSameBlobsInTheSameOrderAsLinqDistinct()
    {
        // 20,000 listings of 7,000 digests over 40 artifacts: most digests are listed several times, in several artifacts.
        var random = new Random(18);
        var lists = Enumerable.Range(0, 40).Select(_ =>
            (IReadOnlyList<BlobInput>)[.. Enumerable.Range(0, 500).Select(_ => random.Next(7_000))
                .Select(n => new BlobInput(TestArtifactInputs.DigestOf(n), n))]).ToList();
        var request = Request([.. lists.Select(TestArtifactInputs.File)]);

        var table = BatchBlobTable.Of(request);

        var expected = lists.SelectMany(l => l).DistinctBy(b => b.Digest).ToList();
        Assert.That(Enumerable.Range(0, table.Count).Select(table.Digest), Is.EqualTo(expected.Select(b => b.Digest)));
        Assert.That(Enumerable.Range(0, table.Count).Select(table.Size), Is.EqualTo(expected.Select(b => b.Size)));
        Assert.That(Enumerable.Range(0, table.Count).Select(table.Blob), Is.EqualTo(expected));
    }

    [Test]
    public void TryFind_EveryBlobByItsHash_ItsIndex_AndAnUnlistedHashNotFound()
    {
        var blobs = Enumerable.Range(0, 1_000).Select(n => new BlobInput(TestArtifactInputs.DigestOf(n), n)).ToList();
        var table = BatchBlobTable.Of(blobs);

        Assert.That(Enumerable.Range(0, blobs.Count).Where(i => !table.TryFind(blobs[i].Hash, out var found) || found != i), Is.Empty);
        Assert.That(table.TryFind(new BlobInput(TestArtifactInputs.DigestOf(1_000), 1).Hash, out var missing), Is.False);
        Assert.That(missing, Is.EqualTo(-1));
    }

    [TestCase("sha512:0123")]
    [TestCase("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Of_ADigestThatIsNotSha256_Refused(string digest) =>
        Assert.That(() => BatchBlobTable.Of([new BlobInput(TestArtifactInputs.DigestOf(1), 1), new BlobInput(digest, 1)]),
            Throws.ArgumentException.With.Message.Contains(digest));

    [Test]
    public void BatchArtifactInput_BlobsOfEveryForm_ReadBackAsGiven_FortyBytesABlob()
    {
        const int count = 50_000;
        var given = Enumerable.Range(0, count).Select(n => new BlobInput(n % 10_000 == 7 ? $"md5:{n}" : TestArtifactInputs.DigestOf(n), n)).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var artifact = TestArtifactInputs.File(given);
        var retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        TestContext.Out.WriteLine($"{retained:F1} bytes retained a blob");

        Assert.That(artifact.Blobs, Is.EqualTo(given));
        Assert.That(artifact.Blobs.Where(b => !b.IsSha256).Select(b => b.Digest),
            Is.EqualTo(new[] { "md5:7", "md5:10007", "md5:20007", "md5:30007", "md5:40007" }));
        // A list of the records kept 80 bytes a blob: the record (72) and the reference to it.
        Assert.That(retained, Is.LessThan(44));
        GC.KeepAlive(artifact);
    }


    private static BatchWriteRequest Request(IReadOnlyList<BatchArtifactInput> artifacts) => new()
    {
        BatchId = "site-a-000001",
        SiteId = "site-a",
        Sequence = 1,
        Validity = TimeSpan.FromDays(1),
        VolumeCapacity = 1 << 30,
        Artifacts = artifacts,
    };
}
