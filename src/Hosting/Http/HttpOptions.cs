namespace TransferPipeline.Hosting.Http;

/// <summary>Configuration section "Http": where a daemon listens (loopback unless configured).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>One or more http(s) URLs separated by ';'; plain http:// only on loopback addresses.</summary>
    public string Urls { get; set; } = "";

    /// <summary>What https:// URLs are served with; required when there is one.</summary>
    public CertificateOptions Certificate { get; set; } = new();

    public IEnumerable<Uri> ParsedUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u));
}
