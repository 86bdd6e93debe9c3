namespace TransferPipeline.Hosting.Workers;

/// <summary>The tick loops of background services: false (rather than an exception) when the host stops.</summary>
public static class PeriodicTimers
{
    public static async Task<bool> NextTickAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
