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

    private (string Path, string Digest) WriteIncoming(byte[] content)
    {
        var path = Path.Combine(_root, "incoming", Guid.NewGuid().ToString("N") + ".download");
        File.WriteAllBytes(path, content);
        return (path, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)));
    }
}
