using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>A volume plan keeps a whole blob's piece as two integers and reads every piece back as it was planned (issue 18).</summary>
[TestFixture]
internal sealed class VolumePlanTests
{
    private const long MiB = 1024 * 1024;

    [Test]
    public void Plan_WholeBlobsAndChunksOverSeveralVolumes_ReadBackAsPlanned()
    {
        var blobs = Table(Enumerable.Range(0, 60).Select(n => n % 10 == 3 ? 5 * MiB + n : 100_000L + n));
        var planner = new VolumePlanner(capacity: 8 * MiB, chunkSize: 2 * MiB, allocationUnit: 4096, metadataReserve: MiB);

        var plan = planner.Plan(blobs);

        Assert.That(plan.Select(p => p.Blob).Distinct(), Is.EqualTo(Enumerable.Range(0, 60)), "each blob, in order");
        Assert.That(plan.Where(p => p.ChunkIndex is null).Select(p => (p.Offset, p.Length)),
            Is.EqualTo(plan.Where(p => p.ChunkIndex is null).Select(p => (0L, blobs.Size(p.Blob)))));
        foreach (var chunked in plan.Where(p => p.ChunkIndex is not null).GroupBy(p => p.Blob))
        {
            Assert.That(chunked.Select(p => p.ChunkIndex), Is.EqualTo(Enumerable.Range(0, chunked.Count())));
            Assert.That(chunked.Select(p => p.Offset), Is.EqualTo(chunked.Select(p => chunked.TakeWhile(q => q != p).Sum(q => q.Length))));
            Assert.That(chunked.Sum(p => p.Length), Is.EqualTo(blobs.Size(chunked.Key)));
        }

        Assert.That(plan.Max(p => p.Volume), Is.GreaterThan(3));
        Assert.That(plan.Select(p => p.Volume), Is.Ordered);
        Assert.That(plan.Select(p => p.Hash), Is.EqualTo(plan.Select(p => blobs.Hash(p.Blob))));
    }

    [Test]
    public void Plan_AgainInTheSamePlanWithAnotherReserve_AsAFreshPlannerPlansIt()
    {
        var blobs = Table(Enumerable.Range(0, 200).Select(n => 30_000L * (n % 7 + 1)));
        var plan = new VolumePlan(blobs);
        var first = new VolumePlanner(4 * MiB, MiB, 4096, 64 * 1024, plan).Plan(blobs).ToList();

        var again = new VolumePlanner(4 * MiB, MiB, 4096, MiB, plan).Plan(blobs);
        var fresh = new VolumePlanner(4 * MiB, MiB, 4096, MiB).Plan(blobs);

        Assert.That(again, Is.SameAs(plan));
        Assert.That(again.ToList(), Is.EqualTo(fresh.ToList()));
        Assert.That(first, Is.Not.EqualTo(fresh.ToList()), "the larger reserve moves pieces to later volumes");
    }

    [Test]
    public void Add_AWholeBlobThatIsNotAllOfIt_Refused()
    {
        var blobs = Table([10, 20]);
        var plan = new VolumePlan(blobs);

        Assert.That(() => plan.Add(1, 0, 0, 9, null), Throws.ArgumentException.With.Message.Contains("whole blob"));
        Assert.That(() => plan.Add(1, 1, 1, 20, null), Throws.ArgumentException.With.Message.Contains("whole blob"));
        Assert.That(() => plan.Add(1, 2, 0, 1, null), Throws.InstanceOf<ArgumentOutOfRangeException>(), "no third blob");
        Assert.That(() => plan.Add(0, 0, 0, 10, null), Throws.InstanceOf<ArgumentOutOfRangeException>(), "volumes count from 1");
    }

    [Test]
    public void Retained_ManyWholeBlobs_EightBytesAPiece()
    {
        const int count = 100_000;
        var blobs = Table(Enumerable.Range(0, count).Select(n => (long)n));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var plan = new VolumePlan(blobs);
        plan.Clear(count);
        for (var i = 0; i < count; i++)
        {
            plan.Add(1 + (i / 1000), i, 0, i, null);
        }

        var retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        TestContext.Out.WriteLine($"{retained:F1} bytes retained a piece");

        // An array of the pieces as values took 32 bytes a piece.
        Assert.That(retained, Is.LessThan(9));
        Assert.That(plan[count - 1], Is.EqualTo(PlannedPiece.Of(100, blobs, count - 1, 0, count - 1, null)));
    }

    private static BatchBlobTable Table(IEnumerable<long> sizes) =>
        BatchBlobTable.Of([.. sizes.Select((size, n) => new BlobInput(TestArtifactInputs.DigestOf(n), size))]);
}
