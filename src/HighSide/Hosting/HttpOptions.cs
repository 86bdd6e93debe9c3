namespace TransferPipeline.HighSide.Hosting;

/// <summary>The `Http` section: where the daemon's API listens (loopback by default).</summary>
internal sealed class HttpOptions
{
    public const string Section = "Http";

    public string Urls { get; set; } = "http://127.0.0.1:8490";
}
