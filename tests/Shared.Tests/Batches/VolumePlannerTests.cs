using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// Issue 18, every shape uses both cores: a blob that is chunked anyway is cut into chunks of at most 64 MiB, so a volume of
/// one large blob is many pieces of work for the verifier; a blob within the chunk size stays whole (readable as an OCI layout).
/// </summary>
internal sealed class VolumePlannerTests
{
    private const long MiB = 1024 * 1024;
    private static readonly string Digest = "sha256:" + new string('a', 64);

    [TestCase(1100 * MiB, 1024 * MiB, 18, TestName = "Plan_BlobOverTheChunkSize_ChunksOfAtMost64MiB")]
    [TestCase(4096 * MiB, 1024 * MiB, 64, TestName = "Plan_FourGiBBlob_SixtyFourChunks")]
    [TestCase(3 * MiB, 2 * MiB, 2, TestName = "Plan_ChunkSizeBelow64MiB_ChunkSizeDecides")]
    [TestCase(900 * MiB, 1024 * MiB, 1, TestName = "Plan_BlobWithinTheChunkSize_StaysWhole")]
    public void Plan_OneBlobOnALargeVolume_Pieces(long size, long chunkSize, int pieces)
    {
        var planner = new VolumePlanner(capacity: 8192 * MiB, chunkSize, allocationUnit: 4096, metadataReserve: MiB);

        var plan = planner.Plan(BatchBlobTable.Of([new BlobInput(Digest, size)]));

        Assert.That(plan, Has.Count.EqualTo(pieces));
        Assert.That(plan.Sum(p => p.Length), Is.EqualTo(size));
        Assert.That(plan.Max(p => p.Length), Is.LessThanOrEqualTo(Math.Min(chunkSize, VolumePlanner.MaxPiece)).Or.EqualTo(size));
        Assert.That(plan.Select(p => p.Offset), Is.Ordered.And.Unique);
    }
}
