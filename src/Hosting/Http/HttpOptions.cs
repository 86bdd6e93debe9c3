namespace TransferPipeline.Hosting.Http;

/// <summary>Configuration section "Http": where a daemon listens (loopback unless configured).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>One or more http(s) URLs separated by ';'; plain http:// only on loopback addresses.</summary>
    public string Urls { get; set; } = "";

    /// <summary>What https:// URLs are served with; required when there is one.</summary>
    public CertificateOptions Certificate { get; set; } = new();

    /// <summary>
    /// The top-level AllowedHosts setting (host filtering), copied here so that a host of <see cref="Urls"/> it does
    /// not list stops the daemon at start instead of answering every request with 400.
    /// </summary>
    public string? AllowedHosts { get; set; }

    public IEnumerable<Uri> ParsedUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u));
}
