using System.Security.Cryptography;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// Issue 19, reading from failing media: a real file read through a stream that fails for one range, as a bad sector does.
/// The region is retried with backoff; a region that recovers is copied whole, one that never does is zeros, reported,
/// and the rest of the file is still copied.
/// </summary>
public sealed class MediaRegionCopierTests
{
    private const int Region = 64 * 1024;
    private const long FileBytes = (10 * Region) + 1000;
    private static readonly ReadRetry Retry = new(3, TimeSpan.FromMilliseconds(5), Region, TimeProvider.System);

    private TempDirectory _root = null!;
    private string _source = null!;

    [SetUp]
    public async Task WriteSourceAsync()
    {
        _root = new TempDirectory("regions");
        _source = _root.Combine("media.bin");
        await using var file = File.Create(_source);
        await new PseudoRandomStream(FileBytes, seed: 9).CopyToAsync(file);
    }

    [TearDown]
    public void RemoveSource() => _root.Dispose();

    [Test]
    public async Task Copy_SectorThatNeverReads_ZerosThatRegionReportsItAndCopiesTheRest()
    {
        var badAt = (4 * Region) + 100;
        await using var media = new FaultyReadStream(File.OpenRead(_source), badAt, 512, failures: int.MaxValue);
        using var copy = new MemoryStream();

        var unreadable = await MediaRegionCopier.CopyAsync(media, copy, FileBytes, "blobs/sha256/ab", Retry, CancellationToken.None);

        Assert.That(unreadable, Has.Count.EqualTo(1));
        Assert.That((unreadable[0].Path, unreadable[0].Offset, unreadable[0].Length), Is.EqualTo(("blobs/sha256/ab", 4L * Region, (long)Region)));
        Assert.That(media.FailedReads, Is.EqualTo(Retry.Attempts), "tried as often as configured, then moved on");
        var expected = await File.ReadAllBytesAsync(_source);
        expected.AsSpan(4 * Region, Region).Clear();
        Assert.That(copy.ToArray(), Is.EqualTo(expected), "every other region is copied as it is on the media");
    }

    [Test]
    public async Task Copy_WithAHash_HashesExactlyTheBytesWrittenZerosIncluded()
    {
        await using var media = new FaultyReadStream(File.OpenRead(_source), (9 * Region) + 3, 7, failures: int.MaxValue);
        using var copy = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var unreadable = await MediaRegionCopier.CopyAsync(media, copy, FileBytes, "f", Retry, hash, CancellationToken.None);

        Assert.That(unreadable, Has.Count.EqualTo(1));
        Assert.That(hash.GetHashAndReset(), Is.EqualTo(SHA256.HashData(copy.ToArray())), "one pass: the hash is of the copy, not of the media");
        Assert.That(copy.Length, Is.EqualTo(FileBytes));
    }

    [TestCase(FileBytes)]
    [TestCase(1000L)]
    public async Task Copy_WithTwoHashes_BothHashEveryBlockTheLastOneToo(long length)
    {
        // A chunk's own hash and its blob's: the last block (a small file's only one) is hashed without another thread.
        // Regions of 4 KiB make blocks of 256 KiB, so the whole file is three blocks, the last one short.
        var smallBlocks = new ReadRetry(3, TimeSpan.FromMilliseconds(5), 4096, TimeProvider.System);
        await using var media = File.OpenRead(_source);
        using var copy = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var alsoHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var unreadable = await MediaRegionCopier.CopyAsync(media, copy, length, "f", smallBlocks, hash, alsoHash, CancellationToken.None);

        var expected = SHA256.HashData((await File.ReadAllBytesAsync(_source)).AsSpan(0, (int)length));
        Assert.That(unreadable, Is.Empty);
        Assert.That(copy.Length, Is.EqualTo(length));
        Assert.That(hash.GetHashAndReset(), Is.EqualTo(expected));
        Assert.That(alsoHash.GetHashAndReset(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Copy_SectorThatReadsOnTheSecondTry_CopiesEverythingAndReportsNothing()
    {
        await using var media = new FaultyReadStream(File.OpenRead(_source), (7 * Region) + 5, 10, failures: 1);
        using var copy = new MemoryStream();

        var unreadable = await MediaRegionCopier.CopyAsync(media, copy, FileBytes, "f", Retry, CancellationToken.None);

        Assert.That(unreadable, Is.Empty);
        Assert.That(media.FailedReads, Is.EqualTo(1));
        Assert.That(copy.ToArray(), Is.EqualTo(await File.ReadAllBytesAsync(_source)));
    }

    [Test]
    public async Task Copy_MediaShorterThanItsSize_FailsRatherThanPadding()
    {
        await using var media = File.OpenRead(_source);
        using var copy = new MemoryStream();

        Assert.That(async () => await MediaRegionCopier.CopyAsync(media, copy, FileBytes + 1, "f", Retry, CancellationToken.None),
            Throws.InstanceOf<EndOfStreamException>());
    }

    /// <summary>A real file whose bytes [start, start + length) fail to read (EIO) the first <c>failures</c> times they are read.</summary>
    private sealed class FaultyReadStream(FileStream inner, long start, long length, int failures) : Stream
    {
        public int FailedReads { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var position = inner.Position;
            if (position < start + length && position + count > start && FailedReads < failures)
            {
                FailedReads++;
                // As a bad sector reads: the bytes before it arrive, then the read that reaches it fails.
                inner.Position = Math.Max(position, start);
                throw new IOException("Input/output error");
            }

            return inner.Read(buffer, offset, count);
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
