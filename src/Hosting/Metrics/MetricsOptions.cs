namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// Configuration section "Metrics": GET /metrics in the Prometheus text format. Without a token only loopback callers are
/// answered (a Prometheus on the same host, or an SSH tunnel); with one, every caller must send it as a bearer token.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>The minimum length of the token, so that it cannot be guessed.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>False: no /metrics, and OpenTelemetry is not started.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where a process without the api role (`serve --role worker`, `scheduler`) listens, serving /metrics and /health only,
    /// so that its counters are exported too. Same rules as Http:Urls (plain http:// on loopback only). Unset: it listens nowhere.
    /// A process with the api role serves /metrics on Http:Urls and ignores this.
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>A file holding the bearer token (owner-only; Prometheus reads the same value from its credentials_file).</summary>
    public string? TokenFile { get; set; }

    /// <summary>The token from <see cref="TokenFile"/>, trimmed; null when no file is configured.</summary>
    public string? ReadToken() => string.IsNullOrWhiteSpace(TokenFile) ? null : File.ReadAllText(TokenFile).Trim();
}
