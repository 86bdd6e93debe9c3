using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// The counters and histograms both sides record from their code paths (System.Diagnostics.Metrics: no listener, no cost,
/// in a CLI command; `serve` exports them through OpenTelemetry at /metrics). Names are Prometheus names already.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    /// <summary>The meter every instrument of the product is on; the exporter listens to this name only.</summary>
    public const string MeterName = "TransferPipeline";

    // Seconds: a 50 ms verify of a small volume up to an hour-long cut or publish.
    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    // Bytes: 1 MiB to 64 GiB, by fours.
    private static readonly long[] SizeBuckets = [.. Enumerable.Range(0, 9).Select(i => (1L << 20) << (2 * i))];

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _stepDuration;

    public PipelineMetrics()
    {
        StepDuration = _stepDuration = _meter.CreateHistogram("transferpipeline_step_duration", "s",
            "How long one run of a step took (cut, import, verify, scan, publish)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        BatchSize = _meter.CreateHistogram("transferpipeline_batch_size", "By", "Payload bytes of a batch when cut (low side) or published (high side)",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
        RequestsGathered = _meter.CreateCounter<long>("transferpipeline_requests_gathered", null, "Requests gathered into the content store");
        GatheredBytes = _meter.CreateCounter<long>("transferpipeline_gathered", "By", "Bytes of the blobs of gathered requests");
        BatchesCut = _meter.CreateCounter<long>("transferpipeline_batches_cut", null, "Batches cut onto media and verified");
        VolumesImported = _meter.CreateCounter<long>("transferpipeline_volumes_imported", null, "Volumes copied into quarantine and verified");
        BatchesPublished = _meter.CreateCounter<long>("transferpipeline_batches_published", null, "Batches published to the mirrors");
        PublishedBytes = _meter.CreateCounter<long>("transferpipeline_published", "By", "Bytes of the blobs batches carried and published");
        Refusals = _meter.CreateCounter<long>("transferpipeline_refusals", null, "Refusals, by the audited event and its reason code");
        ScanFindings = _meter.CreateCounter<long>("transferpipeline_scan_findings", null, "Findings of completed scans, by kind");
    }

    public Meter Meter => _meter;

    public Histogram<double> StepDuration { get; }

    public Histogram<long> BatchSize { get; }

    public Counter<long> RequestsGathered { get; }

    public Counter<long> GatheredBytes { get; }

    public Counter<long> BatchesCut { get; }

    public Counter<long> VolumesImported { get; }

    public Counter<long> BatchesPublished { get; }

    public Counter<long> PublishedBytes { get; }

    public Counter<long> Refusals { get; }

    public Counter<long> ScanFindings { get; }

    /// <summary>
    /// Makes each counter (and each kind of finding) appear at 0 before its first event: a rate or an alert over a counter
    /// that only appears with its first event misses that event. Refusals are labelled by reason and appear with their first.
    /// </summary>
    public void StartSeries()
    {
        foreach (var counter in new[] { RequestsGathered, GatheredBytes, BatchesCut, VolumesImported, BatchesPublished, PublishedBytes })
        {
            counter.Add(0);
        }

        foreach (var kind in AuditMetrics.FindingKinds)
        {
            ScanFindings.Add(0, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <summary>Times one run of <paramref name="step"/> until the result is disposed; failed runs count too.</summary>
    public StepTiming Time(string step) => new(_stepDuration, step, Stopwatch.GetTimestamp());

    /// <summary>Runs <paramref name="run"/> timed as one run of <paramref name="step"/>.</summary>
    public async Task<T> TimeAsync<T>(string step, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var timing = Time(step);
        return await run();
    }

    public void Dispose() => _meter.Dispose();
}
