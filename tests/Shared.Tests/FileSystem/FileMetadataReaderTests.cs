using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.FileSystem;

/// <summary>THREATS 13 at the lowest level: what is on the media is opened only when it is a regular file.</summary>
[TestFixture]
internal sealed class FileMetadataReaderTests
{
    private static readonly TimeSpan NoBlocking = TimeSpan.FromSeconds(10);

    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("open-regular");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task OpenRegular_RegularFile_ReadsItAndDescribesTheOpenFile()
    {
        var path = _directory.Combine("SHA256SUMS");
        await File.WriteAllTextAsync(path, "content");

        await using var stream = FileMetadataReader.OpenRegular(path, out var metadata);

        Assert.That(stream, Is.Not.Null);
        Assert.That(metadata.Kind, Is.EqualTo(UnixFileKind.Regular));
        Assert.That(metadata.Size, Is.EqualTo(7));
        Assert.That(await new StreamReader(stream!).ReadToEndAsync(), Is.EqualTo("content"));
    }

    [Test]
    public async Task OpenRegular_Fifo_NotOpenedAndDoesNotBlock()
    {
        var path = _directory.Combine("SHA256SUMS");
        var made = await ProcessRunner.RunAsync("/usr/bin/mkfifo", [path]);
        Assert.That(made.ExitCode, Is.Zero, made.Combined);

        var (opened, kind) = await OpenOffTheTestThreadAsync(path);

        Assert.That(opened, Is.False);
        Assert.That(kind, Is.EqualTo(UnixFileKind.Fifo));
    }

    [TestCase("/dev/zero", TestName = "OpenRegular_LinkToDevZero_NotFollowed")]
    [TestCase("/etc/hostname", TestName = "OpenRegular_LinkToRegularFile_NotFollowed")]
    public async Task OpenRegular_SymbolicLink_NotFollowed(string target)
    {
        var path = _directory.Combine("SHA256SUMS");
        File.CreateSymbolicLink(path, target);

        var (opened, kind) = await OpenOffTheTestThreadAsync(path);

        Assert.That(opened, Is.False);
        Assert.That(kind, Is.EqualTo(UnixFileKind.SymbolicLink));
    }

    [Test]
    public async Task OpenRegular_Device_NotOpened()
    {
        var (opened, kind) = await OpenOffTheTestThreadAsync("/dev/zero");

        Assert.That(opened, Is.False);
        Assert.That(kind, Is.EqualTo(UnixFileKind.CharacterDevice));
    }

    // A regression would block forever on the FIFO: bounded, so the test fails instead of hanging the run.
    private static async Task<(bool Opened, UnixFileKind Kind)> OpenOffTheTestThreadAsync(string path) =>
        await Task.Run(() =>
        {
            using var stream = FileMetadataReader.OpenRegular(path, out var metadata);
            return (stream is not null, metadata.Kind);
        }).WaitAsync(NoBlocking);
}
