using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.FileSystem;

[TestFixture]
internal sealed class WritebackFileStreamTests
{
    [Test]
    public async Task Write_PastSeveralWritebackIntervalsInOddBlocks_FileHoldsExactlyTheBytes()
    {
        using var directory = new TempDirectory("writeback");
        var path = directory.Combine("file.bin");
        var content = RandomNumberGenerator.GetBytes((2 * WritebackFileStream.WritebackInterval) + 12_345);

        await using (var stream = WritebackFileStream.CreateNew(path))
        {
            // Blocks that straddle the interval, written both ways.
            for (var offset = 0; offset < content.Length;)
            {
                var count = Math.Min(3_000_017, content.Length - offset);
                if (offset % 2 == 0)
                {
                    await stream.WriteAsync(content.AsMemory(offset, count));
                }
                else
                {
                    stream.Write(content, offset, count);
                }

                offset += count;
                Assert.That(stream.Position, Is.EqualTo(offset));
            }
        }

        Assert.That(SHA256.HashData(await File.ReadAllBytesAsync(path)), Is.EqualTo(SHA256.HashData(content)));
    }

    [Test]
    public void CreateNew_FileExists_Refused()
    {
        using var directory = new TempDirectory("writeback");
        var path = directory.Combine("file.bin");
        File.WriteAllText(path, "already here");

        Assert.That(() => WritebackFileStream.CreateNew(path), Throws.InstanceOf<IOException>());
        Assert.That(File.ReadAllText(path), Is.EqualTo("already here"));
    }

    [Test]
    public async Task CreateNew_FileIsWritableByOwnerOnlyAndNotExecutable()
    {
        using var directory = new TempDirectory("writeback");
        var path = directory.Combine("file.bin");

        await using (var stream = WritebackFileStream.CreateNew(path))
        {
            stream.WriteByte(1);
        }

        // The umask may take bits away, never add them: nobody but the owner may write, nothing is executable.
        var mode = File.GetUnixFileMode(path);
        Assert.That(mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead), Is.EqualTo((UnixFileMode)0));
    }
}
