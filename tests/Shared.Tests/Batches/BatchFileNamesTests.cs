using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>A chunk's path has one spelling, and only that spelling parses back to its blob and index.</summary>
[TestFixture]
internal sealed class BatchFileNamesTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestCase(0, "0000")]
    [TestCase(7, "0007")]
    [TestCase(9999, "9999")]
    [TestCase(10000, "10000")]
    [TestCase(int.MaxValue, "2147483647")]
    public void ChunkPath_Index_PaddedToFourDigits(int index, string spelled)
    {
        var path = BatchFileNames.ChunkPath("sha256:" + Hex, index);

        Assert.That(path, Is.EqualTo($"chunks/{Hex}/{spelled}"));
        Assert.That(BatchFileNames.ChunkPathLength(index), Is.EqualTo(path.Length));
        Assert.That(BatchFileNames.TryParseChunkPath(path, out var hash, out var parsed), Is.True);
        Assert.That((hash.ToString(), parsed), Is.EqualTo((Hex, index)));
        Assert.That(BatchFileNames.SpellChunkPath(hash, index, new char[BatchFileNames.MaxChunkPathLength]).ToString(), Is.EqualTo(path));
    }

    [TestCase("chunks/" + Hex + "/3")]
    [TestCase("chunks/" + Hex + "/00003")]
    [TestCase("chunks/" + Hex + "/-001")]
    [TestCase("chunks/" + Hex + "/+001")]
    [TestCase("chunks/" + Hex + "/0001/")]
    [TestCase("chunks/" + Hex + "/")]
    [TestCase("chunks/" + Hex + "/99999999999")]
    [TestCase("chunks/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef/0001")]
    [TestCase("chunks/0123456789abcdef/0001")]
    [TestCase("Chunks/" + Hex + "/0001")]
    [TestCase("blobs/sha256/" + Hex)]
    public void TryParseChunkPath_AnyOtherSpelling_NotAChunk(string path) =>
        Assert.That(BatchFileNames.TryParseChunkPath(path, out _, out _), Is.False);

    [Test]
    public void ChunkPath_NegativeIndex_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchFileNames.ChunkPath("sha256:" + Hex, -1));

    [Test]
    public void ChunkPath_DigestNotSha256_KeepsItsHexAsGiven() =>
        Assert.That(BatchFileNames.ChunkPath("sha256:ABC", 12), Is.EqualTo("chunks/ABC/0012"));
}
