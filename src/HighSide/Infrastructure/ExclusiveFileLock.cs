namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>
/// Mutual exclusion between processes sharing a data directory (the daemon and CLI verbs): an
/// exclusively opened lock file. The kernel drops it when its holder dies, even by SIGKILL.
/// </summary>
internal static class ExclusiveFileLock
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public static async Task<FileStream> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay, deadline.Token);
            }
        }
    }
}
