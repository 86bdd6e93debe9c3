using System.Security.Cryptography;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Storage;

[TestFixture]
internal sealed class ContentStoreTests
{
    private string _root = null!;
    private ContentStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "tp-store-" + Guid.NewGuid().ToString("N"));
        _store = new ContentStore(_root);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void AdoptVerified_FileInIncoming_MovedIntoPlaceWithoutCopy()
    {
        var (path, digest) = WriteIncoming([1, 2, 3]);

        var stored = _store.AdoptVerified(path, digest, 3);

        Assert.That(stored.AlreadyPresent, Is.False);
        Assert.That(File.ReadAllBytes(_store.PathOf(digest)), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void AdoptVerified_BlobAlreadyStored_DiscardsTheFile()
    {
        var (first, digest) = WriteIncoming([4, 5]);
        _store.AdoptVerified(first, digest, 2);
        var (second, _) = WriteIncoming([4, 5]);

        var stored = _store.AdoptVerified(second, digest, 2);

        Assert.That(stored.AlreadyPresent, Is.True);
        Assert.That(File.Exists(second), Is.False);
    }

    [Test]
    public void AdoptVerified_WrongSize_RefusedAndNotStored()
    {
        var (path, digest) = WriteIncoming([1, 2, 3]);

        Assert.That(() => _store.AdoptVerified(path, digest, 4), Throws.InstanceOf<BlobDigestMismatchException>());
        Assert.That(_store.Contains(digest), Is.False);
    }

    [Test]
    public void AdoptVerified_FileOutsideIncoming_Refused()
    {
        var outside = Path.Combine(_root, "elsewhere.bin");
        File.WriteAllBytes(outside, [1]);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1 }));

        Assert.That(() => _store.AdoptVerified(outside, digest, 1), Throws.ArgumentException);
        Assert.That(_store.Contains(digest), Is.False);
    }

    [Test]
    public async Task PutAndAdopt_EightWritersOfTheSameBlobAtOnce_AllSucceedAndOneIntactCopyRemains()
    {
        // Two workers (processes with their own store objects) fetching the same layer: each writes its own temporary file
        // and renames it into place; the rename is atomic and the content identical, so any order leaves one whole blob.
        var content = RandomNumberGenerator.GetBytes(256 * 1024);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        var stores = Enumerable.Range(0, 8).Select(_ => new ContentStore(_root)).ToList();

        var writes = stores.Select((store, i) => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                await using var source = new MemoryStream(content);
                return (await store.PutAsync(source, digest, content.Length, null, CancellationToken.None)).Digest;
            }

            var (path, _) = WriteIncoming(content);
            return store.AdoptVerified(path, digest, content.Length).Digest;
        }));
        var stored = await Task.WhenAll(writes);

        Assert.That(stored, Is.All.EqualTo(digest));
        Assert.That(await _store.IsIntactAsync(digest, content.Length, CancellationToken.None), Is.True);
        Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "incoming")), Is.Empty, "no temporary file left behind");
    }

    [Test]
    public void DiscardIncomplete_SharedStore_KeepsALiveWorkersDownloadDropsCrashedAndAbandonedOnes()
    {
        var (abandoned, _) = WriteIncoming([1, 2, 3]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));
        var inFlight = _store.NewIncomingPath(".download");
        File.WriteAllBytes(inFlight, [4, 5, 6]);
        // A process of this host that no longer runs: pid 2^22 + 1 is above Linux's pid_max, so never a live process.
        var crashed = Path.Combine(_root, "incoming", $"{Environment.MachineName}.4194305.{Guid.NewGuid():N}.download");
        File.WriteAllBytes(crashed, [7]);
        var otherHost = Path.Combine(_root, "incoming", $"other-host.4194305.{Guid.NewGuid():N}.download");
        File.WriteAllBytes(otherHost, [8]);

        var discarded = _store.DiscardIncomplete(DateTimeOffset.UtcNow.AddHours(-1));

        Assert.That(discarded, Is.EqualTo(2));
        Assert.That(File.Exists(abandoned) || File.Exists(crashed), Is.False, "the abandoned and the crashed process's downloads go");
        Assert.That(File.Exists(inFlight), Is.True, "this (live) process's download stays");
        Assert.That(File.Exists(otherHost), Is.True, "another host's download is judged by age only");
    }

    private (string Path, string Digest) WriteIncoming(byte[] content)
    {
        var path = Path.Combine(_root, "incoming", Guid.NewGuid().ToString("N") + ".download");
        File.WriteAllBytes(path, content);
        return (path, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)));
    }
}
