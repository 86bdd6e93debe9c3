
namespace TransferPipeline.LowSide.Progress;

/// <summary>Progress in the daemon's log, at most every ten seconds per operation.</summary>
internal sealed class LogProgressFactory(TimeProvider timeProvider, ILogger<LogProgressFactory> logger) : IProgressFactory
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public TransferProgress Create(string label)
    {
        var last = TimeSpan.Zero;
        return new TransferProgress(label, snapshot =>
        {
            if (snapshot.Final || snapshot.Elapsed - last >= Interval)
            {
                last = snapshot.Elapsed;
                logger.LogInformation("{Operation}: {Bytes} of {TotalBytes} bytes, {BytesPerSecond:0} B/s, final {Final}",
                    snapshot.Label, snapshot.Bytes, snapshot.TotalBytes, snapshot.BytesPerSecond, snapshot.Final);
            }
        }, timeProvider);
    }
}
