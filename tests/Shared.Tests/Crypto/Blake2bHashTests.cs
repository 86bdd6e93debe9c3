using System.Text;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Tests.Crypto;

internal sealed class Blake2bHashTests
{
    // RFC 7693, appendix A.
    private const string Blake2b512OfAbc =
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";

    [Test]
    public void Compute_Abc_MatchesKnownVector()
    {
        var digest = Blake2bHash.Compute("abc"u8, 64);

        Assert.That(Convert.ToHexStringLower(digest), Is.EqualTo(Blake2b512OfAbc));
    }

    [Test]
    public void Finish_AbcAppendedInPieces_MatchesKnownVector()
    {
        using var hash = new Blake2bHash(64);
        hash.Append("a"u8);
        hash.Append([]);
        hash.Append("bc"u8);

        Assert.That(Convert.ToHexStringLower(hash.Finish()), Is.EqualTo(Blake2b512OfAbc));
    }

    [Test]
    public void ComputeUtf8_Abc_MatchesKnownVector() =>
        Assert.That(Convert.ToHexStringLower(Blake2bHash.ComputeUtf8("abc", 64)), Is.EqualTo(Blake2b512OfAbc));

    [TestCase("", TestName = "ComputeUtf8_Empty_EqualsOneShotOfItsBytes")]
    [TestCase("e\u0301\u00e9\u20ac\ud83d\ude00x", TestName = "ComputeUtf8_MultiByteCharactersAcrossBlocks_EqualsOneShotOfItsBytes")]
    public void ComputeUtf8_Text_EqualsOneShotOfItsBytes(string unit)
    {
        // Repeated past several 4096-byte blocks, so characters of two, three and four bytes (a surrogate pair) straddle them.
        var text = string.Concat(Enumerable.Repeat(unit, 3001));

        var blocks = Blake2bHash.ComputeUtf8(text, 64);

        Assert.That(blocks, Is.EqualTo(Blake2bHash.Compute(Encoding.UTF8.GetBytes(text), 64)));
    }

    [Test]
    public async Task ComputeAsync_MultiBufferStream_EqualsOneShot()
    {
        // Several times the 64 KiB read buffer, and not a multiple of it.
        var data = new byte[(3 * 64 * 1024) + 12345];
        new Random(42).NextBytes(data);
        using var stream = new MemoryStream(data);

        var streamed = await Blake2bHash.ComputeAsync(stream, 64, CancellationToken.None);

        Assert.That(streamed, Is.EqualTo(Blake2bHash.Compute(data, 64)));
    }

    [Test]
    public async Task ComputeAsync_TrickleStream_EqualsOneShot()
    {
        var data = Encoding.ASCII.GetBytes(new string('x', 5000));
        using var stream = new TrickleStream(data, 7);

        var streamed = await Blake2bHash.ComputeAsync(stream, 32, CancellationToken.None);

        Assert.That(streamed, Is.EqualTo(Blake2bHash.Compute(data, 32)));
    }

    [Test]
    public void ComputeAsync_Cancelled_Throws()
    {
        using var stream = new MemoryStream(new byte[10]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(
            async () => await Blake2bHash.ComputeAsync(stream, 64, cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(16)]
    [TestCase(32)]
    [TestCase(64)]
    public void Compute_OutputLength_IsHonoured(int length)
    {
        Assert.That(Blake2bHash.Compute("abc"u8, length), Has.Length.EqualTo(length));
    }

    [Test]
    public void Compute_DifferentOutputLengths_AreNotPrefixes()
    {
        // BLAKE2b mixes the output length into its parameter block.
        var short32 = Blake2bHash.Compute("abc"u8, 32);
        var long64 = Blake2bHash.Compute("abc"u8, 64);

        Assert.That(short32, Is.Not.EqualTo(long64.AsSpan(0, 32).ToArray()));
    }

    [TestCase(0)]
    [TestCase(15)]
    [TestCase(65)]
    public void Constructor_OutputLengthOutOfRange_Throws(int length)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Blake2bHash(length), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Blake2bHash.Compute([], length), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Append_AfterFinish_Throws()
    {
        using var hash = new Blake2bHash(32);
        hash.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(() => hash.Append([1]), Throws.InvalidOperationException);
            Assert.That(() => hash.Finish(), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Append_AfterDispose_ThrowsObjectDisposed()
    {
        var hash = new Blake2bHash(32);
        hash.Dispose();

        Assert.That(() => hash.Append([1]), Throws.TypeOf<ObjectDisposedException>());
    }

    /// <summary>Returns at most a few bytes per read, as pipes and network streams may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
