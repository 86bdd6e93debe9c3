using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The import's table of the hash of each file it copied, by path: every path finds its own hash, and no other path finds one;
/// its entries are in a file it made and unlinked in the directory given.
/// </summary>
[TestFixture]
internal sealed class CopiedFileHashesTests
{
    private static byte[] HashOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string HexName(int i) => Convert.ToHexStringLower(HashOf("blob " + i));

    [Test]
    public void TryFind_ManyPathsAddedInAnyOrder_EachFindsItsOwnHash()
    {
        using var directory = new TempDirectory("copied");
        // 25,000 blobs are some 1.9 MB of entries: more than one run of the table, so they are merged from disk.
        var paths = Enumerable.Range(0, 25_000).Select(i => "blobs/sha256/" + HexName(i))
            .Concat(Enumerable.Range(0, 300).Select(i => $"chunks/{HexName(i % 7)}/{i:D4}"))
            .Concat(["oci-layout", "index.json", "recovery/set-0001.par2", "a/b/c", "a-c", "/x", "x", "x/", "café/é", new string('n', 300)])
            .ToList();
        using var table = new CopiedFileHashes(directory.Path);
        foreach (var path in paths.AsEnumerable().Reverse())
        {
            table.Add(path, HashOf(path));
        }

        table.Complete();

        Assert.That(table.Count, Is.EqualTo(paths.Count));
        Assert.That(paths.Where(p => !Finds(table, p, HashOf(p))), Is.Empty);
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    [TestCase("blobs/sha256/" + "0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("blobs/sha256/2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    [TestCase("blobs/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982")]
    [TestCase("blobs/sha256")]
    [TestCase("blobs/sha256/")]
    [TestCase("blobs/sha257/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [TestCase("/blobs/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [TestCase("index.json")]
    [TestCase("")]
    [TestCase("x")]
    [TestCase("/y")]
    [TestCase("caf\u0065\u0301/\u00e9")]
    public void TryFind_PathNotAdded_NotFound(string path)
    {
        using var directory = new TempDirectory("copied");
        using var table = new CopiedFileHashes(directory.Path);
        table.Add("blobs/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", HashOf("hello"));
        table.Add("blobs/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98240", HashOf("longer"));
        table.Add("index.jsoN", HashOf("index"));
        table.Add("/x", HashOf("/x"));
        table.Add("y", HashOf("y"));
        table.Add("café/é", HashOf("composed"));

        Assert.That(table.Complete().TryFind(path, new byte[32]), Is.False);
    }

    [Test]
    public void AddAndFind_OutOfTurn_Refused()
    {
        using var directory = new TempDirectory("copied");
        using var table = new CopiedFileHashes(directory.Path);

        Assert.Throws<InvalidOperationException>(() => table.TryFind("a", new byte[32]));
        Assert.Throws<ArgumentException>(() => table.Add("a", new byte[31]));
        table.Complete();
        Assert.Throws<InvalidOperationException>(() => table.Add("a", new byte[32]));
    }

    private static bool Finds(CopiedFileHashes table, string path, byte[] hash)
    {
        var found = new byte[32];
        return table.TryFind(path, found) && found.SequenceEqual(hash);
    }
}
