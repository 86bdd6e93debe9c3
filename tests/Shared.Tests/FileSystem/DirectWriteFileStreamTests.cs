using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.FileSystem;

[TestFixture]
internal sealed class DirectWriteFileStreamTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(4095)]
    [TestCase(4096)]
    [TestCase(DirectWriteFileStream.BlockBytes)]
    [TestCase((2 * DirectWriteFileStream.BlockBytes) + 12_345)]
    public async Task Write_InOddPieces_FileHoldsExactlyTheBytesWithNoPadding(int length)
    {
        using var directory = new TempDirectory("direct");
        var path = directory.Combine("file.bin");
        var content = RandomNumberGenerator.GetBytes(length);

        await using (var stream = DirectWriteFileStream.CreateNew(path))
        {
            Assert.That(stream, Is.TypeOf<DirectWriteFileStream>(), "this file system takes direct I/O, so the test covers it");
            for (var offset = 0; offset < content.Length;)
            {
                var count = Math.Min(1_000_003, content.Length - offset);
                await stream.WriteAsync(content.AsMemory(offset, count));
                offset += count;
                Assert.That(stream.Position, Is.EqualTo(offset));
            }
        }

        Assert.That(new FileInfo(path).Length, Is.EqualTo(length));
        Assert.That(SHA256.HashData(await File.ReadAllBytesAsync(path)), Is.EqualTo(SHA256.HashData(content)));
    }

    [Test]
    public void CreateNew_FileExists_Throws()
    {
        using var directory = new TempDirectory("direct");
        var path = directory.Combine("file.bin");
        File.WriteAllBytes(path, [1]);

        Assert.Throws<IOException>(() => DirectWriteFileStream.CreateNew(path).Dispose());
    }
}
