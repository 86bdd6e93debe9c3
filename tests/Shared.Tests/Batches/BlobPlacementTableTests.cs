using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>The writer's table of where each blob lies in a plan, refilled for every plan it tries.</summary>
public sealed class BlobPlacementTableTests
{
    // Listed out of hash order, so a lookup that assumed the list sorted would miss.
    private static readonly BlobInput[] Blobs = [Blob('c', 10), Blob('a', 20), Blob('d', 30), Blob('b', 40)];
    private static readonly BatchBlobTable Table = BatchBlobTable.Of(Blobs);

    [Test]
    public void Fill_WholeChunkedAndHeldBlobs_EachAtItsRunOfPieces()
    {
        var table = new BlobPlacementTable(Table);

        // c whole on volume 1; a in two chunks; d held by the high side (no pieces); b whole on volume 2.
        table.Fill([Piece(Blobs[0], 1), Piece(Blobs[1], 1, 0), Piece(Blobs[1], 2, 1), Piece(Blobs[3], 2)]);

        Assert.That(Enumerable.Range(0, table.Count).Select(table.At), Is.EqualTo(new[]
        {
            new BlobPlacement(10, 0, 1), new BlobPlacement(20, 1, 2), new BlobPlacement(30, -1, 0), new BlobPlacement(40, 3, 1),
        }));
    }

    [Test]
    public void TryFind_EveryBlobByItsHash_ItsPlacement_AndAnUnlistedHashNotFound()
    {
        var table = new BlobPlacementTable(Table);
        table.Fill([Piece(Blobs[0], 1), Piece(Blobs[1], 1), Piece(Blobs[2], 1), Piece(Blobs[3], 1)]);

        for (var i = 0; i < Blobs.Length; i++)
        {
            Assert.That(table.TryFind(Blobs[i].Hash, out var placement), Is.True);
            Assert.That(placement, Is.EqualTo(new BlobPlacement(Blobs[i].Size, i, 1)));
        }

        Assert.That(table.TryFind(Blob('e', 1).Hash, out _), Is.False);
    }

    [Test]
    public void Fill_ASecondPlan_ReplacesTheFirstPlansPlacements()
    {
        var table = new BlobPlacementTable(Table);
        table.Fill([Piece(Blobs[0], 1), Piece(Blobs[1], 1), Piece(Blobs[2], 1), Piece(Blobs[3], 1)]);
        Assert.That(table.TryFind(Blobs[3].Hash, out _), Is.True, "looked up once, so the hash order is made from the first plan");

        table.Fill([Piece(Blobs[0], 1, 0), Piece(Blobs[0], 2, 1), Piece(Blobs[0], 3, 2), Piece(Blobs[3], 3)]);

        Assert.That(table.TryFind(Blobs[0].Hash, out var c), Is.True);
        Assert.That(c, Is.EqualTo(new BlobPlacement(10, 0, 3)));
        Assert.That(table.TryFind(Blobs[1].Hash, out var a), Is.True);
        Assert.That(a, Is.EqualTo(new BlobPlacement(20, -1, 0)));
        Assert.That(table.TryFind(Blobs[3].Hash, out var b), Is.True);
        Assert.That(b, Is.EqualTo(new BlobPlacement(40, 3, 1)));
    }

    [Test]
    public void Fill_PiecesNotInTheBlobsOrder_Refused()
    {
        var table = new BlobPlacementTable(Table);

        Assert.That(() => table.Fill([Piece(Blobs[1], 1), Piece(Blobs[0], 1)]),
            Throws.InvalidOperationException.With.Message.Contains("not in the order"));
    }

    private static BlobInput Blob(char fill, long size) => new("sha256:" + new string(fill, 64), size);

    private static PlannedPiece Piece(BlobInput blob, int volume, int? chunk = null) =>
        PlannedPiece.Of(volume, Table, Array.IndexOf(Blobs, blob), 0, blob.Size, chunk);
}
