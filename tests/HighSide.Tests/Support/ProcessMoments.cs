using System.Diagnostics;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// The moments crash and disk-full tests act on a running `highside`: seen on the file system, not announced by a hook
/// in the product, so the product runs exactly as in production.
/// </summary>
internal static class ProcessMoments
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test if the process ends first or it never does.</summary>
    public static async Task WaitForAsync(DaemonProcess process, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"the process finished (exit {process.ExitCode}) before the moment came, after {clock.Elapsed}:\n{process.Output}");
            }

            Assert.That(clock.Elapsed, Is.LessThan(Window), "the moment never came");
            await Task.Delay(1);
        }
    }

    /// <summary>True while an import copies a volume into <paramref name="incoming"/> (quarantine/.incoming; its lock file aside).</summary>
    public static bool Copying(string incoming) => Files(incoming).Any(f => !f.EndsWith(".lock", StringComparison.Ordinal));

    /// <summary>Every file below <paramref name="directory"/>; none while it is missing or being moved away.</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)] : [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
