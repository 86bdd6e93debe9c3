namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// One import at a time across processes (the daemon and a CLI `import`): an exclusively opened
/// lock file in the incoming folder. Whoever holds it knows that any other copy lying there is a
/// leftover from a killed import, and discards it.
/// </summary>
internal static class ImportLock
{
    private const string LockFileName = ".import.lock";

    public static async Task<FileStream> AcquireAsync(string incoming, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(incoming);
        var path = Path.Combine(incoming, LockFileName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(30));
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                SweepLeftovers(incoming);
                return stream;
            }
            catch (IOException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    private static void SweepLeftovers(string incoming)
    {
        foreach (var leftover in Directory.EnumerateDirectories(incoming))
        {
            QuarantineCopier.TryDelete(leftover);
        }
    }
}
