using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>One run of a step being timed: <see cref="Dispose"/> records its duration under the step's name.</summary>
public sealed class StepTiming(Histogram<double> histogram, string step, long started) : IDisposable
{
    public void Dispose() =>
        histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("step", step));
}
