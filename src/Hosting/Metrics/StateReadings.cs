using System.Diagnostics.Metrics;
using System.Globalization;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>What one read of the database found, gauge by gauge.</summary>
public sealed class StateReadings
{
    private readonly Dictionary<string, List<Measurement<double>>> _gauges = new(StringComparer.Ordinal);

    /// <summary>A value of <paramref name="gauge"/>, with one label (<paramref name="label"/>=<paramref name="labelValue"/>) or none.</summary>
    public void Add(string gauge, double value, string? label = null, string? labelValue = null)
    {
        if (!_gauges.TryGetValue(gauge, out var measurements))
        {
            _gauges[gauge] = measurements = [];
        }

        measurements.Add(label is null ? new(value) : new(value, new KeyValuePair<string, object?>(label, labelValue)));
    }

    /// <summary>
    /// Seconds from <paramref name="lastUtc"/> (a stored ISO-8601 time) to <paramref name="now"/> as <see cref="StateGauges.LastSuccessAge"/>;
    /// nothing when there was none.
    /// </summary>
    public void AddAge(string step, string? lastUtc, DateTimeOffset now)
    {
        if (SecondsSince(lastUtc, now) is { } seconds)
        {
            Add(StateGauges.LastSuccessAge, seconds, "step", step);
        }
    }

    /// <summary>Seconds from a stored ISO-8601 time to <paramref name="now"/> (never negative); null when there is no time.</summary>
    public static double? SecondsSince(string? storedUtc, DateTimeOffset now) =>
        DateTimeOffset.TryParse(storedUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Math.Max(0, (now - at).TotalSeconds)
            : null;

    /// <summary>The values read for <paramref name="gauge"/>.</summary>
    public IEnumerable<Measurement<double>> Of(string gauge) => _gauges.TryGetValue(gauge, out var measurements) ? measurements : [];
}
