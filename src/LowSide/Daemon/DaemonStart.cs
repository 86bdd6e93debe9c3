namespace TransferPipeline.LowSide.Daemon;

/// <summary>Start-up work waits until every hosted service, the bus included, has started: a wake-up published earlier could be lost.</summary>
internal static class DaemonStart
{
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
