using System.Globalization;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>One scrape of a daemon's /metrics (the Prometheus text format), parsed into series a test can look values up in.</summary>
public sealed partial class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _series = [];

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = Sample().Match(line);
            Assert.That(match.Success, Is.True, $"not a Prometheus sample line: {line}");
            var labels = Label().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups[1].Value, m => Unescape(m.Groups[2].Value), StringComparer.Ordinal);
            _series.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    /// <summary>The name of every series in the scrape (histograms as their _bucket, _sum and _count series).</summary>
    public IReadOnlySet<string> Names => _series.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>GET <paramref name="baseUri"/>/metrics, which must answer 200 with the Prometheus text format.</summary>
    public static async Task<PrometheusScrape> GetAsync(HttpClient http, Uri baseUri, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(new Uri(baseUri, "metrics"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        return new PrometheusScrape(text);
    }

    /// <summary>
    /// The sum of the series called <paramref name="name"/> whose labels include every "key=value" of <paramref name="labels"/>;
    /// null when there is none.
    /// </summary>
    public double? Value(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToList();
        var matching = _series.Where(s => s.Name == name && wanted.All(w => s.Labels.TryGetValue(w[0], out var v) && v == w[1])).ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    private static string Unescape(string value) =>
        value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
