using System.Security.Cryptography;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Npm;

public sealed class NpmIntegrityStreamTests
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7))];

    [Test]
    public async Task ReadAsync_ContentWithItsIntegrity_PassesItThrough()
    {
        await using var stream = new NpmIntegrityStream(new MemoryStream(Content), NpmIntegrity.Of(SHA512.HashData(Content)));
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.That(copy.ToArray(), Is.EqualTo(Content));
    }

    [Test]
    public void ReadAsync_ContentWithOtherIntegrity_ThrowsAtTheEnd()
    {
        var other = NpmIntegrity.Of(SHA512.HashData(Content.AsSpan(1)));
        var stream = new NpmIntegrityStream(new MemoryStream(Content), other);

        Assert.ThrowsAsync<BlobDigestMismatchException>(() => stream.CopyToAsync(Stream.Null));
    }

    [TestCase("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]
    [TestCase("sha512-abc")]
    [TestCase("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg== sha1-x")]
    [TestCase("SHA512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")]
    public void IsValid_NotOneSha512_False(string integrity) => Assert.That(NpmIntegrity.IsValid(integrity), Is.False);

    [Test]
    public void IsValid_Sha512OfEmpty_True() => Assert.That(NpmIntegrity.IsValid(NpmIntegrity.Of(SHA512.HashData([]))), Is.True);
}
