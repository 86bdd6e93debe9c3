using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// A blob of a write request holds a sha256 digest as its hash (issue 18): it reads back as given, any other text is kept
/// for the writer to refuse, and the same digest is the same blob whatever size it comes with.
/// </summary>
[TestFixture]
internal sealed class BlobInputTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestCase(Digest, true)]
    [TestCase("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [TestCase("sha256:0123456789abcdef", false)]
    [TestCase("sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [TestCase("", false)]
    public void Digest_AnyText_ReadsBackAsGiven(string digest, bool sha256)
    {
        var blob = new BlobInput(digest, 12);

        Assert.That(blob.Digest, Is.EqualTo(digest));
        Assert.That(blob.Size, Is.EqualTo(12));
        Assert.That(blob.IsSha256, Is.EqualTo(sha256));
        Assert.That(blob.IsSha256, Is.EqualTo(BatchIdentifiers.IsDigest(digest)), "the writer's check of a digest");
    }

    [Test]
    public void ByDigest_SameDigestOtherSize_SameBlob_OtherTextOrHash_Another()
    {
        var comparer = BlobInput.ByDigest;
        var bare = Digest["sha256:".Length..];

        Assert.That(comparer.Equals(new BlobInput(Digest, 1), new BlobInput(Digest, 2)), Is.True);
        Assert.That(comparer.GetHashCode(new BlobInput(Digest, 1)), Is.EqualTo(comparer.GetHashCode(new BlobInput(Digest, 2))));
        Assert.That(comparer.Equals(new BlobInput(Digest, 1), new BlobInput(Digest.Replace("ef", "ee", StringComparison.Ordinal), 1)), Is.False);
        Assert.That(comparer.Equals(new BlobInput(Digest, 1), new BlobInput(bare, 1)), Is.False, "the hex without its algorithm");
        Assert.That(comparer.Equals(new BlobInput("md5:x", 1), new BlobInput("md5:y", 1)), Is.False, "two texts that are not digests");
        Assert.That(comparer.Equals(new BlobInput("md5:x", 1), new BlobInput("md5:x", 5)), Is.True);
        var one = new BlobInput(Digest, 1);
        Assert.That(one, Is.EqualTo(new BlobInput(Digest, 1)), "a record: equal when digest and size are");
        Assert.That(one, Is.Not.EqualTo(new BlobInput(Digest, 2)));
    }

    [Test]
    public void DistinctBlobs_RepeatedAcrossArtifacts_EachOnceInFirstListedOrder()
    {
        var digests = Enumerable.Range(0, 6).Select(i => "sha256:" + Convert.ToHexStringLower(SHA256.HashData([(byte)i]))).ToList();
        var request = new BatchWriteRequest
        {
            BatchId = "site-a-000001",
            SiteId = "site-a",
            Sequence = 1,
            Validity = TimeSpan.FromDays(1),
            VolumeCapacity = 1 << 30,
            Artifacts =
            [
                Artifact(digests[3], digests[1], digests[3]),
                Artifact(digests[1], digests[0], digests[5]),
                Artifact(digests[2]),
            ],
            BlobsPresentOnHighSide = new HashSet<string> { digests[0], digests[2] },
        };

        Assert.That(request.DistinctBlobs().Select(b => b.Digest), Is.EqualTo(new[] { digests[3], digests[1], digests[0], digests[5], digests[2] }));
        Assert.That(request.DistinctBlobs().Where(request.Ships).Select(b => b.Digest), Is.EqualTo(new[] { digests[3], digests[1], digests[5] }));
    }

    [Test]
    public void Retained_ManyBlobs_NoStringPerBlob()
    {
        const int count = 50_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var blobs = new BlobInput[count];
        for (var i = 0; i < count; i++)
        {
            blobs[i] = new BlobInput(TestArtifactInputs.DigestOf(i), i);
        }

        var retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        GC.KeepAlive(blobs);
        TestContext.Out.WriteLine($"{retained:F0} bytes retained a blob");

        // Each digest string given (166 bytes) is dropped once read; what is left is the blob (72 bytes) and its slot in the array.
        Assert.That(retained, Is.LessThan(100));
        Assert.That(blobs[count - 1].Digest, Is.EqualTo(TestArtifactInputs.DigestOf(count - 1)));
    }


    private static BatchArtifactInput Artifact(params string[] digests) => TestArtifactInputs.File([.. digests.Select(d => new BlobInput(d, 1))]);
}
