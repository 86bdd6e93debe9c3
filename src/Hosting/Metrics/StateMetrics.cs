using Microsoft.Extensions.Logging;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// The observable gauges of <see cref="StateGauges"/>: a scrape reads the database through every <see cref="IStateMetricsSource"/>
/// at most once per <see cref="CacheFor"/> (one scrape observes several gauges, and several Prometheus servers may scrape).
/// A failed read leaves the gauges out of that scrape and logs a warning; it never fails the scrape.
/// </summary>
internal sealed class StateMetrics
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly IStateMetricsSource[] _sources;
    private readonly TimeProvider _clock;
    private readonly ILogger<StateMetrics> _logger;
    private readonly Lock _gate = new();
    private StateReadings _readings = new();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public StateMetrics(PipelineMetrics metrics, IEnumerable<IStateMetricsSource> sources, TimeProvider clock, ILogger<StateMetrics> logger)
    {
        _sources = [.. sources];
        _clock = clock;
        _logger = logger;
        foreach (var (name, description) in StateGauges.All)
        {
            metrics.Meter.CreateObservableGauge(name, () => Current().Of(name), unit: null, description);
        }
    }

    private StateReadings Current()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _readAt < CacheFor)
            {
                return _readings;
            }

            _readAt = now;
            _readings = Read(now);
            return _readings;
        }
    }

    // Observable gauges are called synchronously by the exporter, on the scrape's thread.
    private StateReadings Read(DateTimeOffset now)
    {
        var readings = new StateReadings();
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            Task.Run(async () =>
            {
                foreach (var source in _sources)
                {
                    await source.ReadAsync(readings, now, timeout.Token);
                }
            }, timeout.Token).GetAwaiter().GetResult();
            return readings;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException or IOException)
        {
            _logger.LogWarning(ex, "The state gauges could not be read from the database; this scrape leaves them out");
            return new StateReadings();
        }
    }
}
