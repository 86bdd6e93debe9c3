using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// One import at a time across processes (the daemon and a CLI `import`). Whoever holds the lock
/// knows that any other copy in the incoming folder is a leftover from a killed import, and discards it.
/// </summary>
internal static class ImportLock
{
    private const string LockFileName = ".import.lock";

    public static async Task<FileStream> AcquireAsync(string incoming, CancellationToken cancellationToken)
    {
        var stream = await ExclusiveFileLock.AcquireAsync(Path.Combine(incoming, LockFileName), TimeSpan.FromMinutes(30), cancellationToken);
        foreach (var leftover in Directory.EnumerateDirectories(incoming))
        {
            QuarantineCopier.TryDelete(leftover);
        }

        // The manifest's and the verifier's temporary files have no name once made; one only has if a kill came in between.
        foreach (var leftover in Directory.EnumerateFiles(incoming, UnlinkedTempFile.NamePrefix + "*"))
        {
            File.Delete(leftover);
        }

        return stream;
    }
}
