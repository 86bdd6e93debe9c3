using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// A small tmpfs mounted over a directory (the tests run as root, as the CI does), so a disk can be full on purpose.
/// A mount that fails fails the test: a disk-full test that silently ran on the big disk would prove nothing.
/// </summary>
internal sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string directory) => Directory = directory;

    public string Directory { get; }

    public static async Task<TmpfsMount> MountAsync(string directory, int megabytes)
    {
        System.IO.Directory.CreateDirectory(directory);
        var mounted = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", directory]);
        Assert.That(mounted.ExitCode, Is.Zero, $"mounting a {megabytes} MiB tmpfs on {directory} failed (the tests must run as root): {mounted}");
        return new TmpfsMount(directory);
    }

    /// <summary>Writes <paramref name="path"/> until the file system is full, to the last page; the IOException that said so.</summary>
    public static async Task<IOException> FillAsync(string path)
    {
        await using var filler = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
        await WriteUntilFullAsync(filler, 1024 * 1024);
        return await WriteUntilFullAsync(filler, 4096);
    }

    public async ValueTask DisposeAsync()
    {
        var unmounted = await ProcessRunner.RunAsync("umount", ["-l", Directory]);
        Assert.That(unmounted.ExitCode, Is.Zero, unmounted.ToString());
    }

    private static async Task<IOException> WriteUntilFullAsync(FileStream file, int size)
    {
        var block = new byte[size];
        try
        {
            while (true)
            {
                await file.WriteAsync(block);
            }
        }
        catch (IOException full)
        {
            return full;
        }
    }
}
