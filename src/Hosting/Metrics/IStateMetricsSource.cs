namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// Reads a side's state gauges (<see cref="StateGauges"/>) from its database when /metrics is scraped, so that they are
/// right whichever process did the work and after any restart. One read serves every gauge; keep it to a few counting queries.
/// </summary>
public interface IStateMetricsSource
{
    Task ReadAsync(StateReadings readings, DateTimeOffset now, CancellationToken cancellationToken);
}
